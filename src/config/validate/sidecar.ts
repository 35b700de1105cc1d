/**
 * Semantic rules for Sidecar, after Istio's admission webhook (ValidateSidecar): the workload
 * selector, a non-empty configuration, ingress listeners (port, bind, defaultEndpoint, TLS,
 * connection pool), egress listeners (one catch-all listener last, unique ports and unix sockets,
 * `namespace/host` hosts) and the outbound traffic policy with its egress proxy.
 */
import type { Resource } from '../../api/resource.ts';
import type { IstioEgressListener, IstioIngressListener, OutboundTrafficPolicy, Sidecar, SidecarPort } from '../../api/networking/sidecar.ts';
import type { ValidationContext } from './context.ts';
import { UNIX_ADDRESS_PREFIX, unixAddressProblem } from './gateway.ts';
import { validateIstioAnnotations } from './policy-target.ts';
import { isDNS1123Label, namespaceSlashHostProblems, validateStrictFQDN } from './rules/hosts.ts';
import { selectorProblems } from './rules/selector.ts';
import { isIP, protocolOf, validatePort } from './rules/values.ts';
import { validateServerTLS } from './server-tls.ts';
import { validateConnectionPool } from './traffic-policy.ts';
import { checkDestination } from './virtual-service-common.ts';

type Ctx = ValidationContext;

/** Port name (a DNS label), protocol (empty means sniffing), number and bind address of a listener. */
function checkPortAndBind(ctx: Ctx, path: string, l: { port?: SidecarPort; bind?: string }, checkNumber: boolean): void {
  const port = l.port!;
  if (port.name && !isDNS1123Label(port.name)) ctx.error(`${path}.port.name`, `invalid port name: ${port.name}; port names are DNS labels such as http-web`, port, 'name');
  if (port.protocol && !protocolOf(port.protocol)) ctx.error(`${path}.port.protocol`, `unsupported protocol: ${port.protocol}; use HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, TCP, TLS, MONGO, REDIS or MYSQL`, port, 'protocol');
  if (checkNumber) {
    const e = validatePort(port.number ?? 0);
    if (e) ctx.error(`${path}.port.number`, e, port, 'number');
  }
  if (checkNumber && l.bind && !isIP(l.bind)) ctx.error(`${path}.bind`, `${l.bind} is not a valid IP`, l, 'bind');
  if ((port.targetPort ?? 0) > 0) ctx.error(`${path}.port.targetPort`, 'targetPort has no impact on Sidecars; remove it', port, 'targetPort');
}

/** Go's net.SplitHostPort, enough for `host:port`, `[v6]:port` and `:port`. */
function splitHostPort(s: string): { host: string; port: string } | string {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0) return `address ${s}: missing ']' in address`;
    if (s[end + 1] !== ':') return `address ${s}: missing port in address`;
    return { host: s.slice(1, end), port: s.slice(end + 2) };
  }
  const i = s.lastIndexOf(':');
  if (i < 0) return `address ${s}: missing port in address`;
  if (s.indexOf(':') !== i) return `address ${s}: too many colons in address`;
  return { host: s.slice(0, i), port: s.slice(i + 1) };
}

function checkDefaultEndpoint(ctx: Ctx, path: string, l: IstioIngressListener): void {
  const ep = l.defaultEndpoint ?? '';
  if (ep === '') return;
  const p = `${path}.defaultEndpoint`;
  if (ep.startsWith(UNIX_ADDRESS_PREFIX)) {
    const e = unixAddressProblem(ep.slice(UNIX_ADDRESS_PREFIX.length));
    if (e) ctx.error(p, e, l, 'defaultEndpoint');
    return;
  }
  const hp = splitHostPort(ep);
  if (typeof hp === 'string') return ctx.error(p, hp, l, 'defaultEndpoint');
  if (hp.host !== '' && !['127.0.0.1', '0.0.0.0', '::1', '::'].includes(hp.host)) {
    ctx.error(p, 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset', l, 'defaultEndpoint');
  }
  if (!/^\d+$/.test(hp.port)) ctx.error(p, `sidecar: defaultEndpoint port (${hp.port}) is not a number`, l, 'defaultEndpoint');
  else {
    const e = validatePort(Number(hp.port));
    if (e) ctx.error(p, e, l, 'defaultEndpoint');
  }
}

function checkIngressTLS(ctx: Ctx, path: string, l: IstioIngressListener): void {
  const tls = l.tls;
  if (!tls) return;
  const p = `${path}.tls`;
  const unsupported: [keyof typeof tls, string][] = [
    ['subjectAltNames', 'sidecar: subjectAltNames is not supported in ingress tls'],
    ['httpsRedirect', 'sidecar: httpsRedirect is not supported'],
    ['credentialName', 'sidecar: credentialName is not currently supported; use serverCertificate and privateKey files'],
    ['credentialNames', 'sidecar: credentialNames is not currently supported'],
    ['tlsCertificates', 'sidecar: tls_certificates is not currently supported'],
  ];
  for (const [f, msg] of unsupported) {
    const v = tls[f];
    if (v === undefined || v === false || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    ctx.error(`${p}.${f}`, msg, tls, f);
  }
  if (tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'AUTO_PASSTHROUGH') ctx.error(`${p}.mode`, `configuration is invalid: cannot set mode to ${tls.mode} in sidecar ingress tls`, tls, 'mode');
  const protocol = protocolOf(l.port.protocol);
  if (protocol !== 'HTTPS' && protocol !== 'TLS') ctx.error(p, 'server cannot have TLS settings for non HTTPS/TLS ports; set port.protocol to HTTPS or TLS', l, 'tls');
  validateServerTLS(ctx, p, tls);
}

function checkIngress(ctx: Ctx, list: IstioIngressListener[]): void {
  const ports = new Set<number>();
  list.forEach((l, i) => {
    const path = `spec.ingress[${i}]`;
    checkPortAndBind(ctx, path, l, true);
    const n = l.port.number ?? 0;
    if (ports.has(n)) ctx.error(`${path}.port.number`, 'sidecar: ports on IP bound listeners must be unique', l.port, 'number');
    ports.add(n);
    checkDefaultEndpoint(ctx, path, l);
    checkIngressTLS(ctx, path, l);
    validateConnectionPool(l.connectionPool, `${path}.connectionPool`, ctx, l, 'connectionPool');
    const protocol = protocolOf(l.port.protocol);
    if (l.connectionPool?.http && protocol && !['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB'].includes(protocol)) {
      ctx.warn(`${path}.connectionPool.http`, `sidecar: HTTP connection pool settings are configured for port ${n} ("${l.port.name ?? ''}") but its protocol is not HTTP (${l.port.protocol}); only TCP settings will apply`, l.connectionPool, 'http');
    }
  });
}

function checkEgressPort(ctx: Ctx, path: string, l: IstioEgressListener, ports: Set<number>, sockets: Set<string>): void {
  const port = l.port!;
  const bind = l.bind ?? '';
  checkPortAndBind(ctx, path, l, (port.number ?? 0) !== 0);
  if ((port.number ?? 0) !== 0) {
    if (ports.has(port.number!)) ctx.error(`${path}.port.number`, 'sidecar: ports on IP bound listeners must be unique', port, 'number');
    ports.add(port.number!);
    return;
  }
  if (!bind.startsWith(UNIX_ADDRESS_PREFIX)) ctx.error(`${path}.bind`, 'sidecar: ports with 0 value must have a unix domain socket bind address, e.g. unix:///var/run/app.sock', l, l.bind === undefined ? 'port' : 'bind');
  else {
    const e = unixAddressProblem(bind.slice(UNIX_ADDRESS_PREFIX.length));
    if (e) ctx.error(`${path}.bind`, e, l, 'bind');
  }
  if (l.captureMode && l.captureMode !== 'DEFAULT' && l.captureMode !== 'NONE') ctx.error(`${path}.captureMode`, 'sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners', l, 'captureMode');
  if (sockets.has(bind)) ctx.error(`${path}.bind`, 'sidecar: unix domain socket values for listeners must be unique', l, 'bind');
  sockets.add(bind);
}

function checkEgressHosts(ctx: Ctx, path: string, l: IstioEgressListener, namespace: string): void {
  const hosts = l.hosts;
  if (hosts.length === 0) return ctx.error(`${path}.hosts`, 'sidecar: egress listener must contain at least one host; use "*/*" for every host', l, 'hosts');
  const byNs = new Map<string, Set<string>>();
  hosts.forEach((h, i) => {
    const p = `${path}.hosts[${i}]`;
    const slash = h.indexOf('/');
    if (slash >= 0 && !h.startsWith('~')) {
      const ns = h.slice(0, slash) === '.' ? namespace : h.slice(0, slash);
      const svc = h.slice(slash + 1);
      const seen = byNs.get(ns) ?? new Set<string>();
      byNs.set(ns, seen);
      if (svc !== '*' ? seen.has(svc) || seen.has('*') : seen.size > 0) ctx.warn(p, `duplicated egress host: ${h}`, hosts, i);
      seen.add(svc);
    }
    for (const e of namespaceSlashHostProblems(h, false)) ctx.error(p, e, hosts, i);
  });
  if (byNs.get('*')?.has('*') && byNs.size !== 1) ctx.warn(`${path}.hosts`, '`*/*` host select all resources, no other hosts can be added', l, 'hosts');
}

function checkEgress(ctx: Ctx, list: IstioEgressListener[], namespace: string): void {
  const ports = new Set<number>();
  const sockets = new Set<string>();
  let catchAll = false;
  list.forEach((l, i) => {
    const path = `spec.egress[${i}]`;
    if (!l.port) {
      if (catchAll) return ctx.error(path, 'sidecar: egress can have only one listener with empty port', list, i);
      if (i !== list.length - 1) ctx.error(path, 'sidecar: the egress listener with empty port should be the last listener in the list', list, i);
      else catchAll = true;
    } else {
      checkEgressPort(ctx, path, l, ports, sockets);
    }
    checkEgressHosts(ctx, path, l, namespace);
  });
}

function checkOutboundTrafficPolicy(ctx: Ctx, tp: OutboundTrafficPolicy | undefined): void {
  const proxy = tp?.egressProxy;
  if (!tp || !proxy) return;
  const p = 'spec.outboundTrafficPolicy.egressProxy';
  if (tp.mode !== 'ALLOW_ANY') return ctx.error(p, 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode', tp, 'egressProxy');
  const e = validateStrictFQDN(proxy.host);
  if (e) ctx.error(`${p}.host`, e, proxy, 'host');
  if (!proxy.port) return ctx.error(`${p}.port`, 'sidecar: egress_proxy port must be non-nil; set port.number', tp, 'egressProxy');
  checkDestination(ctx, p, proxy);
}

export function validateSidecar(r: Resource<Sidecar>, ctx: ValidationContext): void {
  const sc = r.spec;
  validateIstioAnnotations(r, ctx);
  const sel = sc.workloadSelector;
  if (sel) {
    for (const p of selectorProblems(sel.labels)) {
      if (p.severity === 'Error') ctx.error(`spec.workloadSelector.labels.${p.key}`, p.message, sel.labels, p.key);
      else ctx.warn(`spec.workloadSelector.labels.${p.key}`, p.message, sel.labels, p.key);
    }
    if (Object.keys(sel.labels ?? {}).length === 0) ctx.warn('spec.workloadSelector', 'sidecar: workload selector specified without labels, will be applied to all services in namespace', sc, 'workloadSelector');
  }
  const ingress = sc.ingress ?? [];
  const egress = sc.egress ?? [];
  if (ingress.length === 0 && egress.length === 0 && !sc.outboundTrafficPolicy && !sc.inboundConnectionPool) {
    return ctx.error('spec', 'sidecar: empty configuration provided; set egress, ingress, outboundTrafficPolicy or inboundConnectionPool', sc);
  }
  checkIngress(ctx, ingress);
  validateConnectionPool(sc.inboundConnectionPool, 'spec.inboundConnectionPool', ctx, sc, 'inboundConnectionPool');
  checkEgress(ctx, egress, r.metadata.namespace);
  checkOutboundTrafficPolicy(ctx, sc.outboundTrafficPolicy);
}
