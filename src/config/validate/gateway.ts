/**
 * Semantic rules for Gateway, after Istio's admission webhook (ValidateGateway): the name is a DNS
 * label; every server has hosts in `namespace/host` form, a port with a known protocol, a number in
 * 1..65535 (0 only with a unix bind), a unique port name and no targetPort; HTTPS/TLS servers carry
 * TLS settings (server-tls.ts), other servers do not (HTTP may keep httpsRedirect only).
 */
import type { Resource } from '../../api/resource.ts';
import type { Gateway, Server } from '../../api/networking/gateway.ts';
import type { ValidationContext } from './context.ts';
import { validateIstioAnnotations } from './policy-target.ts';
import { isDNS1123Label, namespaceSlashHostProblems } from './rules/hosts.ts';
import { isIP, protocolOf, validatePort } from './rules/values.ts';
import { validateServerTLS } from './server-tls.ts';

export const UNIX_ADDRESS_PREFIX = 'unix://';

type Ctx = ValidationContext;

const isTLSProtocol = (p: string | undefined): boolean => p === 'HTTPS' || p === 'TLS';
const isHTTPProtocol = (p: string | undefined): boolean => p === 'HTTP' || p === 'HTTP2' || p === 'HTTP_PROXY' || p === 'GRPC' || p === 'GRPC-WEB';

/** Istio's ValidateUnixAddress (the part after `unix://`). */
export function unixAddressProblem(addr: string): string | undefined {
  if (addr.length === 0) return 'unix address must not be empty';
  if (addr.startsWith('@')) return undefined;
  if (!addr.startsWith('/') || addr.endsWith('/')) return `${addr} is not an absolute path to a file`;
  return undefined;
}

function checkPort(ctx: Ctx, path: string, s: Server): void {
  const port = s.port;
  const unix = (s.bind ?? '').startsWith(UNIX_ADDRESS_PREFIX);
  if (!protocolOf(port.protocol)) {
    ctx.error(`${path}.port.protocol`, `invalid protocol "${port.protocol}", supported protocols are HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP, TLS`, port, 'protocol');
  }
  if (port.number > 0 || !unix) {
    const e = validatePort(port.number);
    if (e) ctx.error(`${path}.port.number`, e, port, 'number');
  }
  if ((port.targetPort ?? 0) > 0) ctx.error(`${path}.port.targetPort`, 'targetPort has no impact on Gateways; remove it (the gateway Service maps ports)', port, 'targetPort');
  if (port.name === '') ctx.error(`${path}.port.name`, 'port name must be set', port, 'name');
}

function checkBind(ctx: Ctx, path: string, s: Server): void {
  const bind = s.bind ?? '';
  if (bind.startsWith(UNIX_ADDRESS_PREFIX)) {
    const e = unixAddressProblem(bind.slice(UNIX_ADDRESS_PREFIX.length));
    if (e) ctx.error(`${path}.bind`, e, s, 'bind');
    if (s.port.number !== 0) ctx.error(`${path}.port.number`, `port number must be 0 for unix domain socket: ${s.port.number}`, s.port, 'number');
  } else if (bind !== '' && !isIP(bind)) {
    ctx.error(`${path}.bind`, `${bind} is not a valid IP; bind takes an IP address or unix://path`, s, 'bind');
  }
}

function checkServerTLS(ctx: Ctx, path: string, s: Server): void {
  const protocol = protocolOf(s.port.protocol);
  const tls = s.tls;
  if (isTLSProtocol(protocol)) {
    if (!tls) ctx.error(`${path}.tls`, `server must have TLS settings for HTTPS/TLS protocols; add tls with mode SIMPLE and credentialName, or mode PASSTHROUGH`, s, 'port');
    else if (tls.mode === 'AUTO_PASSTHROUGH' && protocol !== 'TLS') ctx.warn(`${path}.tls.mode`, 'AUTO_PASSTHROUGH is meant for servers with protocol TLS (routing by SNI without VirtualServices)', tls, 'mode');
    return;
  }
  if (!tls || !protocol) return;
  if (!isHTTPProtocol(protocol)) {
    ctx.error(`${path}.tls`, 'server cannot have TLS settings for non HTTPS/TLS ports', s, 'tls');
    return;
  }
  const passthrough = (tls.mode ?? 'PASSTHROUGH') === 'PASSTHROUGH' || tls.mode === 'AUTO_PASSTHROUGH';
  if (!passthrough || tls.caCertificates || tls.privateKey || tls.serverCertificate) {
    ctx.error(`${path}.tls`, 'server cannot have TLS settings for plain text HTTP ports; use protocol HTTPS to terminate TLS, or keep only tls.httpsRedirect', s, 'tls');
  } else if (tls.mode !== undefined && !tls.httpsRedirect) {
    ctx.warn(`${path}.tls.mode`, `tls.mode ${tls.mode} has no effect on a plain-text ${protocol} server; use protocol TLS for passthrough`, tls, 'mode');
  }
}

function checkServer(ctx: Ctx, path: string, s: Server): void {
  const hosts = s.hosts;
  if (hosts.length === 0) ctx.error(`${path}.hosts`, 'server config must contain at least one host; use "*" for any host', s, 'hosts');
  hosts.forEach((h, i) => {
    for (const e of namespaceSlashHostProblems(h, true)) ctx.error(`${path}.hosts[${i}]`, e, hosts, i);
  });
  checkPort(ctx, path, s);
  checkBind(ctx, path, s);
  validateServerTLS(ctx, `${path}.tls`, s.tls);
  checkServerTLS(ctx, path, s);
}

export function validateGateway(r: Resource<Gateway>, ctx: ValidationContext): void {
  validateIstioAnnotations(r, ctx);
  const name = r.metadata.name;
  if (name && !isDNS1123Label(name)) ctx.error('metadata.name', `invalid gateway name: "${name}"; a Gateway name is a DNS label (no dots)`);
  const servers = r.spec.servers ?? [];
  if (servers.length === 0) ctx.error('spec.servers', 'gateway must have at least one server', r.spec, 'servers');
  const portNames = new Set<string>();
  servers.forEach((s, i) => {
    const p = `spec.servers[${i}]`;
    checkServer(ctx, p, s);
    if (portNames.has(s.port.name)) ctx.error(`${p}.port.name`, `port names in servers must be unique: duplicate name ${s.port.name}`, s.port, 'name');
    portNames.add(s.port.name);
    const protocol = protocolOf(s.port.protocol);
    if (s.tls?.httpsRedirect && !isHTTPProtocol(protocol)) ctx.warn(`${p}.tls.httpsRedirect`, 'tls.httpsRedirect should only be used with http servers', s.tls, 'httpsRedirect');
  });
}
