/**
 * Semantic rules for a DestinationRule TrafficPolicy (at the top, per subset and per port), after
 * Istio's validateTrafficPolicy: connection pools, outlier detection, client TLS, tunnel, PROXY
 * protocol, retry budget and port-level settings. Load balancing lives in load-balancer.ts.
 */
import type { ClientTLSSettings, ConnectionPoolSettings, OutlierDetection, PortTrafficPolicy, TrafficPolicy } from '../../api/networking/destination-rule.ts';
import { parseDuration } from '../../common/duration.ts';
import type { ValidationContext } from './context.ts';
import { checkDuration, checkNonNegative, type Holder } from './duration-checks.ts';
import { validateLoadBalancer } from './load-balancer.ts';
import { validateStrictFQDN } from './rules/hosts.ts';
import { isIP, validatePercentage, validatePort } from './rules/values.ts';

function nonNegative(ctx: ValidationContext, holder: Holder, key: string, path: string, what: string): void {
  const v = holder[key] as number | undefined;
  if (v !== undefined && v < 0) ctx.error(`${path}.${key}`, `${what} must be non-negative, got ${v}`, holder, key);
}

export function validateConnectionPool(cp: ConnectionPoolSettings | undefined, path: string, ctx: ValidationContext, holder: Holder, key: string): void {
  if (!cp) return;
  if (!cp.http && !cp.tcp) {
    ctx.error(path, 'connection pool must have at least one field; set tcp or http settings, or remove connectionPool', holder, key);
    return;
  }
  const http = cp.http;
  if (http) {
    const p = `${path}.http`;
    nonNegative(ctx, http, 'http1MaxPendingRequests', p, 'http1 max pending requests');
    nonNegative(ctx, http, 'http2MaxRequests', p, 'http2 max requests');
    nonNegative(ctx, http, 'maxRequestsPerConnection', p, 'max requests per connection');
    nonNegative(ctx, http, 'maxRetries', p, 'max retries');
    nonNegative(ctx, http, 'maxConcurrentStreams', p, 'max concurrent streams');
    if (http.idleTimeout !== undefined) checkDuration(ctx, http, 'idleTimeout', p);
    if (http.h2UpgradePolicy === 'UPGRADE' && http.useClientProtocol) {
      ctx.error(`${p}.useClientProtocol`, 'use client protocol must not be true when H2UpgradePolicy is UPGRADE; choose one of the two', http, 'useClientProtocol');
    }
    const ka = http.http2KeepAlive;
    if (ka) {
      const kp = `${p}.http2KeepAlive`;
      for (const f of ['interval', 'timeout'] as const) {
        if (ka[f] === undefined) ctx.error(`${kp}.${f}`, `http2 keepalive ${f} is required when http2KeepAlive is set`, http, 'http2KeepAlive');
        else checkDuration(ctx, ka, f, kp);
      }
    }
  }
  const tcp = cp.tcp;
  if (tcp) {
    const p = `${path}.tcp`;
    nonNegative(ctx, tcp, 'maxConnections', p, 'max connections');
    if (tcp.connectTimeout !== undefined) checkDuration(ctx, tcp, 'connectTimeout', p);
    if (tcp.maxConnectionDuration !== undefined) checkDuration(ctx, tcp, 'maxConnectionDuration', p);
    if (tcp.idleTimeout !== undefined && parseDuration(tcp.idleTimeout) !== 0) checkDuration(ctx, tcp, 'idleTimeout', p);
    const ka = tcp.tcpKeepalive;
    if (ka?.time !== undefined) checkDuration(ctx, ka, 'time', `${p}.tcpKeepalive`);
    if (ka?.interval !== undefined) checkDuration(ctx, ka, 'interval', `${p}.tcpKeepalive`);
  }
}

export function validateOutlierDetection(od: OutlierDetection | undefined, path: string, ctx: ValidationContext): void {
  if (!od) return;
  if (od.baseEjectionTime !== undefined) checkDuration(ctx, od, 'baseEjectionTime', path);
  if (od.interval !== undefined) checkDuration(ctx, od, 'interval', path);
  if (!od.splitExternalLocalOriginErrors && (od.consecutiveLocalOriginFailures ?? 0) > 0) {
    ctx.error(
      `${path}.consecutiveLocalOriginFailures`,
      'outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false; set splitExternalLocalOriginErrors: true',
      od,
      'consecutiveLocalOriginFailures',
    );
  }
  for (const f of ['maxEjectionPercent', 'minHealthPercent'] as const) {
    const e = validatePercentage(od[f]);
    if (e) ctx.error(`${path}.${f}`, e, od, f);
  }
}

const CERT_FIELDS = ['clientCertificate', 'privateKey', 'caCertificates', 'caCrl'] as const;

export function validateClientTls(tls: ClientTLSSettings | undefined, path: string, namespace: string, ctx: ValidationContext): void {
  if (!tls) return;
  validateSniAndSans(tls, path, ctx);
  const mode = tls.mode ?? 'DISABLE';
  const cred = tls.credentialName ?? '';
  if (cred.startsWith('configmap://')) {
    const [ns, name] = cred.slice('configmap://'.length).split('/');
    if (name === undefined) ctx.error(`${path}.credentialName`, `invalid configmap:// credentialName: invalid resource name "${cred}"; expected configmap://namespace/name`, tls, 'credentialName');
    else if (!ns || !name) ctx.error(`${path}.credentialName`, `invalid configmap:// credentialName: "${cred}" needs both a namespace and a name`, tls, 'credentialName');
    else if (ns !== namespace) ctx.error(`${path}.credentialName`, `invalid configmap:// credentialName: namespace must match the configuration namespace "${namespace}"`, tls, 'credentialName');
  }
  if (tls.insecureSkipVerify) {
    if (mode === 'SIMPLE' && (tls.caCertificates || cred || tls.subjectAltNames !== undefined)) {
      ctx.error(`${path}.insecureSkipVerify`, 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true', tls, 'insecureSkipVerify');
    }
    if (mode === 'MUTUAL' && (tls.caCertificates || tls.subjectAltNames !== undefined)) {
      ctx.error(`${path}.insecureSkipVerify`, 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true', tls, 'insecureSkipVerify');
    }
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && cred) {
    const set = CERT_FIELDS.find((f) => tls[f]);
    if (set) ctx.error(`${path}.${set}`, 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set; the credential supplies them', tls, set);
    return;
  }
  if (mode === 'MUTUAL') {
    if (!tls.clientCertificate) ctx.error(`${path}.clientCertificate`, 'client certificate required for mutual tls; set clientCertificate and privateKey, or credentialName', tls, 'mode');
    if (!tls.privateKey) ctx.error(`${path}.privateKey`, 'private key required for mutual tls; set clientCertificate and privateKey, or credentialName', tls, 'mode');
  }
  if (mode === 'ISTIO_MUTUAL') {
    for (const f of [...CERT_FIELDS, 'credentialName'] as const) {
      if (tls[f]) ctx.warn(`${path}.${f}`, `${f} is ignored when mode is ISTIO_MUTUAL (Istio supplies the workload certificates); remove it or use mode MUTUAL`, tls, f);
    }
  }
  if (mode === 'SIMPLE') {
    const f = (['clientCertificate', 'privateKey'] as const).find((k) => tls[k]);
    if (f) ctx.warn(`${path}.${f}`, `${f} is only presented in mode MUTUAL; with SIMPLE the proxy sends no client certificate`, tls, f);
  }
  if (mode === 'DISABLE') {
    const f = ([...CERT_FIELDS, 'credentialName', 'sni', 'subjectAltNames', 'insecureSkipVerify'] as const).find((k) => tls[k] !== undefined && tls[k] !== '');
    if (f) ctx.warn(`${path}.${f}`, `${f} is ignored when tls mode is ${tls.mode ? 'DISABLE' : 'unset (DISABLE)'}; set mode SIMPLE or MUTUAL to use it`, tls, f);
  }
}

/** Envoy caps SNI at 255 bytes; RFC 6066 forbids IP literals in SNI; an empty SAN matches nothing. */
function validateSniAndSans(tls: ClientTLSSettings, path: string, ctx: ValidationContext): void {
  if (tls.sni !== undefined) {
    if (tls.sni.length > 255) ctx.error(`${path}.sni`, `sni is ${tls.sni.length} characters long; Envoy accepts at most 255`, tls, 'sni');
    else if (isIP(tls.sni)) ctx.warn(`${path}.sni`, `sni "${tls.sni}" is an IP address; TLS servers ignore IP literals in SNI (RFC 6066), use a host name`, tls, 'sni');
  }
  (tls.subjectAltNames ?? []).forEach((san, i) => {
    if (san === '') ctx.error(`${path}.subjectAltNames[${i}]`, 'subject alternative name must not be empty; it would match no certificate', tls.subjectAltNames, i);
  });
}

function validateTunnel(tp: TrafficPolicy, path: string, ctx: ValidationContext): void {
  const t = tp.tunnel;
  if (!t) return;
  const p = `${path}.tunnel`;
  if (t.protocol && t.protocol !== 'CONNECT' && t.protocol !== 'POST') ctx.error(`${p}.protocol`, `tunnel protocol must be "CONNECT" or "POST", got "${t.protocol}"`, t, 'protocol');
  const fqdn = validateStrictFQDN(t.targetHost);
  if (fqdn && !isIP(t.targetHost)) ctx.error(`${p}.targetHost`, `tunnel target host must be valid FQDN or IP address: ${fqdn}`, t, 'targetHost');
  const port = validatePort(t.targetPort);
  if (port) ctx.error(`${p}.targetPort`, `tunnel target port is invalid: ${port}`, t, 'targetPort');
}

function validatePortLevelSettings(list: PortTrafficPolicy[] | undefined, path: string, namespace: string, ctx: ValidationContext): void {
  if (!list) return;
  const firstByPort = new Map<number, number>();
  (list ?? []).forEach((pl, i) => {
    const p = `${path}[${i}]`;
    if (!pl.port) ctx.error(`${p}.port`, 'portTrafficPolicy must have valid port: set port.number to the service port this policy applies to', list, i);
    else {
      const e = validatePort(pl.port.number);
      if (e) ctx.error(`${p}.port.number`, e, pl.port.number === undefined ? list : pl.port, pl.port.number === undefined ? i : 'number');
      else if (firstByPort.has(pl.port.number!)) {
        ctx.warn(`${p}.port.number`, `port ${pl.port.number} already has settings at ${path}[${firstByPort.get(pl.port.number!)}]; only the first entry takes effect, merge the two`, pl.port, 'number');
      } else firstByPort.set(pl.port.number!, i);
    }
    if (!pl.outlierDetection && !pl.connectionPool && !pl.loadBalancer && !pl.tls) {
      ctx.error(p, 'port traffic policy must have at least one field: loadBalancer, connectionPool, outlierDetection or tls', list, i);
      return;
    }
    validateOutlierDetection(pl.outlierDetection, `${p}.outlierDetection`, ctx);
    validateConnectionPool(pl.connectionPool, `${p}.connectionPool`, ctx, pl, 'connectionPool');
    validateLoadBalancer(pl.loadBalancer, pl.outlierDetection, `${p}.loadBalancer`, ctx);
    validateClientTls(pl.tls, `${p}.tls`, namespace, ctx);
  });
}

/** Whether some field of `o` is set (an empty list counts as unset). */
function anyFieldSet(o: Holder): boolean {
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const v = o[k];
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) return true;
  }
  return false;
}

/** Checks a TrafficPolicy found at holder[key]. */
export function validateTrafficPolicy(tp: TrafficPolicy | undefined, path: string, namespace: string, ctx: ValidationContext, holder: Holder, key: string): void {
  if (!tp) return;
  if (!anyFieldSet(tp as Holder)) {
    ctx.error(path, 'traffic policy must have at least one field; remove the empty trafficPolicy', holder, key);
    return;
  }
  if (tp.tunnel && tp.proxyProtocol) ctx.error(`${path}.proxyProtocol`, 'tunnel and proxyProtocol must not be set together', tp, 'proxyProtocol');
  validateOutlierDetection(tp.outlierDetection, `${path}.outlierDetection`, ctx);
  validateConnectionPool(tp.connectionPool, `${path}.connectionPool`, ctx, tp, 'connectionPool');
  validateLoadBalancer(tp.loadBalancer, tp.outlierDetection, `${path}.loadBalancer`, ctx);
  validateClientTls(tp.tls, `${path}.tls`, namespace, ctx);
  validatePortLevelSettings(tp.portLevelSettings, `${path}.portLevelSettings`, namespace, ctx);
  validateTunnel(tp, path, ctx);
  if (tp.retryBudget?.budgetInterval !== undefined) checkNonNegative(ctx, tp.retryBudget, 'budgetInterval', `${path}.retryBudget`);
}
