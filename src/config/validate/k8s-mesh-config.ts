/**
 * Semantic rules for MeshConfig, after Istio's ValidateMeshConfig (pkg/config/validation/agent):
 * ports, connect and protocol-detection timeouts, the default ProxyConfig (drain duration,
 * discovery and telemetry addresses, admin and status ports), locality load balancing, service
 * settings hosts, trust domains, mesh TLS curves and the default traffic policy — plus checks that
 * catch quiet mistakes (an outboundTrafficPolicy without mode means REGISTRY_ONLY; exportTo
 * defaults; defaultProviders naming no provider). `path` prefixes every field path.
 */
import { parseDuration } from '../../common/duration.ts';
import { DEFAULT_MESH_CONFIG, type MeshConfig } from '../../api/kubernetes/mesh-config.ts';
import type { ProxyConfig } from '../../api/kubernetes/mesh-proxy-config.ts';
import type { ValidationContext } from './context.ts';
import { checkLabelSelector, dns1123LabelProblem } from './k8s-names.ts';
import { validateDefaultProviders, validateExtensionProviders } from './k8s-mesh-providers.ts';
import { parseCertificates } from './k8s-pem.ts';
import { validateLocalityLbSetting, validateZoneAwareLbSetting } from './locality-lb.ts';
import { exportToProblems } from './rules/export-to.ts';
import { isDNS1123Label, validateStrictFQDN, validateStrictWildcardDomain } from './rules/hosts.ts';
import { isIP, validateDuration, validatePort } from './rules/values.ts';
import { validateConnectionPool, validateOutlierDetection } from './traffic-policy.ts';

const ECDH_CURVES = new Set(['P-224', 'P-256', 'P-521', 'P-384', 'X25519', 'X25519Kyber768Draft00', 'X25519MLKEM768']);

/** Istio's ValidateProxyAddress: `host:port` with an FQDN or IP host. */
export function proxyAddressProblem(addr: string): string | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):([^:]*)$/.exec(addr);
  if (!m) return `unable to split "${addr}" into host:port`;
  const host = m[1] ?? m[2];
  const port = m[3];
  if (!/^\d+$/.test(port)) return `port (${port}) is not a number`;
  const e = validatePort(Number(port));
  if (e) return e;
  if (validateStrictFQDN(host) !== undefined && !isIP(host)) return `"${host}" is not a valid hostname or an IP address`;
  return undefined;
}

/** Istio's ValidateTrustDomain. */
export function trustDomainProblem(domain: string): string | undefined {
  if (domain.length === 0) return 'empty domain name not allowed';
  const parts = domain.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined;
    if (!isDNS1123Label(parts[i])) return `trust domain name "${domain}" invalid`;
  }
  return undefined;
}

export function validateMeshConfig(mesh: MeshConfig, path: string, namespace: string, ctx: ValidationContext): void {
  for (const k of ['proxyListenPort', 'proxyInboundListenPort', 'proxyHttpPort'] as const) {
    const v = mesh[k];
    if (v !== undefined && !(k === 'proxyHttpPort' && v === 0)) {
      const e = validatePort(v);
      if (e) ctx.error(`${path}.${k}`, e, mesh, k);
    }
  }
  if (mesh.connectTimeout !== undefined) {
    const ms = parseDuration(mesh.connectTimeout);
    const e = validateDuration(mesh.connectTimeout) ?? (ms !== undefined && ms > 3_600_000 ? 'duration must be at most 1h' : undefined);
    if (e) ctx.error(`${path}.connectTimeout`, `invalid connect timeout: ${e}`, mesh, 'connectTimeout');
  }
  const pdt = mesh.protocolDetectionTimeout !== undefined ? parseDuration(mesh.protocolDetectionTimeout) : undefined;
  if (pdt !== undefined && pdt !== 0 && Math.abs(pdt - Math.round(pdt)) > 1e-9) {
    ctx.error(`${path}.protocolDetectionTimeout`, 'invalid protocol detection timeout: only durations to ms precision are supported', mesh, 'protocolDetectionTimeout');
  }
  if (mesh.outboundTrafficPolicy && mesh.outboundTrafficPolicy.mode === undefined) {
    ctx.warn(`${path}.outboundTrafficPolicy.mode`, 'is not set, which Istio reads as REGISTRY_ONLY (not the default ALLOW_ANY); write the mode you mean', mesh, 'outboundTrafficPolicy');
  }
  if (mesh.rootNamespace !== undefined) {
    const e = dns1123LabelProblem(mesh.rootNamespace);
    if (e) ctx.error(`${path}.rootNamespace`, `invalid namespace: ${e}`, mesh, 'rootNamespace');
  }
  if (mesh.trustDomain !== undefined) {
    const e = trustDomainProblem(mesh.trustDomain);
    if (e) ctx.error(`${path}.trustDomain`, e, mesh, 'trustDomain');
  }
  (mesh.trustDomainAliases ?? []).forEach((d, i) => {
    const e = trustDomainProblem(d);
    if (e) ctx.error(`${path}.trustDomainAliases[${i}]`, e, mesh.trustDomainAliases, i);
  });
  if (mesh.defaultConfig) validateProxyConfig(mesh.defaultConfig, `${path}.defaultConfig`, ctx);
  validateLocalityLbSetting(mesh.localityLbSetting, {}, `${path}.localityLbSetting`, ctx);
  validateZoneAwareLbSetting(mesh.zoneAwareLbSetting, {}, `${path}.zoneAwareLbSetting`, ctx);
  (mesh.serviceSettings ?? []).forEach((s, i) => {
    (s.hosts ?? []).forEach((h, j) => {
      const e = validateStrictWildcardDomain(h);
      if (e) ctx.error(`${path}.serviceSettings[${i}].hosts[${j}]`, e, s.hosts, j);
    });
  });
  validateTls(mesh, path, ctx);
  validateDefaults(mesh, path, namespace, ctx);
  validateExtensionProviders(mesh, path, ctx);
  const known = new Set([...DEFAULT_MESH_CONFIG.extensionProviders.map((p) => p.name), ...(mesh.extensionProviders ?? []).map((p) => p.name)]);
  validateDefaultProviders(mesh, known, path, ctx);
}

function validateTls(mesh: MeshConfig, path: string, ctx: ValidationContext): void {
  if (mesh.meshMTLS?.ecdhCurves !== undefined) ctx.error(`${path}.meshMTLS.ecdhCurves`, 'mesh TLS does not support ECDH curves configuration', mesh.meshMTLS, 'ecdhCurves');
  const curves = mesh.tlsDefaults?.ecdhCurves ?? [];
  const seen = new Set<string>();
  curves.forEach((c, i) => {
    if (!ECDH_CURVES.has(c)) ctx.warn(`${path}.tlsDefaults.ecdhCurves[${i}]`, `unrecognized ECDH curve "${c}"; known: ${[...ECDH_CURVES].join(', ')}`, curves, i);
    else if (seen.has(c)) ctx.warn(`${path}.tlsDefaults.ecdhCurves[${i}]`, `duplicate ECDH curve "${c}"`, curves, i);
    seen.add(c);
  });
  (mesh.caCertificates ?? []).forEach((c, i) => {
    if (c.pem === undefined) return;
    const r = parseCertificates(c.pem, 'pem');
    if (r.problem) ctx.error(`${path}.caCertificates[${i}].pem`, r.problem, c, 'pem');
  });
}

function validateDefaults(mesh: MeshConfig, path: string, namespace: string, ctx: ValidationContext): void {
  for (const k of ['defaultServiceExportTo', 'defaultVirtualServiceExportTo', 'defaultDestinationRuleExportTo'] as const) {
    const list = mesh[k];
    for (const p of exportToProblems(namespace, list, { serviceEntry: k === 'defaultServiceExportTo' })) {
      ctx.error(p.index !== undefined ? `${path}.${k}[${p.index}]` : `${path}.${k}`, p.message, p.index !== undefined ? list : mesh, p.index ?? k);
    }
  }
  (mesh.discoverySelectors ?? []).forEach((s, i) => checkLabelSelector(s, `${path}.discoverySelectors[${i}]`, ctx));
  const dtp = mesh.defaultTrafficPolicy;
  if (dtp?.connectionPool) validateConnectionPool(dtp.connectionPool, `${path}.defaultTrafficPolicy.connectionPool`, ctx, dtp, 'connectionPool');
  if (dtp?.outlierDetection) validateOutlierDetection(dtp.outlierDetection, `${path}.defaultTrafficPolicy.outlierDetection`, ctx);
  if (mesh.accessLogEncoding === 'JSON' && mesh.accessLogFormat) {
    let ok = false;
    try {
      const v: unknown = JSON.parse(mesh.accessLogFormat);
      ok = v !== null && typeof v === 'object' && !Array.isArray(v);
    } catch {
      ok = false;
    }
    if (!ok) ctx.warn(`${path}.accessLogFormat`, 'with accessLogEncoding JSON the format must be a JSON object of field → Envoy command operator; Istio falls back to its default format', mesh, 'accessLogFormat');
  }
}

function validateProxyConfig(pc: ProxyConfig, path: string, ctx: ValidationContext): void {
  for (const k of ['configPath', 'binaryPath', 'serviceCluster'] as const) {
    if (pc[k] === '') ctx.error(`${path}.${k}`, `${k} must not be empty`, pc, k);
  }
  if (pc.drainDuration !== undefined) {
    const ms = parseDuration(pc.drainDuration);
    const e = validateDuration(pc.drainDuration) ?? (ms !== undefined && ms % 1000 !== 0 ? 'drain time only supports durations to seconds precision' : undefined);
    if (e) ctx.error(`${path}.drainDuration`, e, pc, 'drainDuration');
  }
  if (pc.discoveryAddress !== undefined) {
    const e = pc.discoveryAddress === '' ? 'discovery address must be set to the proxy discovery service' : proxyAddressProblem(pc.discoveryAddress);
    if (e) ctx.error(`${path}.discoveryAddress`, `invalid discovery address: ${e}`, pc, 'discoveryAddress');
  }
  const addresses: [object | undefined, string, string][] = [
    [pc, 'statsdUdpAddress', `${path}.statsdUdpAddress`],
    [pc, 'envoyMetricsServiceAddress', `${path}.envoyMetricsServiceAddress`],
    [pc.envoyMetricsService, 'address', `${path}.envoyMetricsService.address`],
    [pc.envoyAccessLogService, 'address', `${path}.envoyAccessLogService.address`],
    [pc.tracing?.zipkin, 'address', `${path}.tracing.zipkin.address`],
    [pc.tracing?.datadog, 'address', `${path}.tracing.datadog.address`],
    [pc.tracing?.lightstep, 'address', `${path}.tracing.lightstep.address`],
  ];
  for (const [holder, key, at] of addresses) {
    const v = (holder as Record<string, string> | undefined)?.[key];
    if (!v) continue;
    const e = proxyAddressProblem(v);
    if (e) ctx.error(at, `invalid address "${v}": ${e}`, holder, key);
  }
  if (pc.tracing?.lightstep && !pc.tracing.lightstep.accessToken) ctx.error(`${path}.tracing.lightstep.accessToken`, 'access token is required', pc.tracing, 'lightstep');
  for (const k of ['proxyAdminPort', 'statusPort'] as const) {
    if (pc[k] === undefined) continue;
    const e = validatePort(pc[k]);
    if (e) ctx.error(`${path}.${k}`, e, pc, k);
  }
  if (pc.controlPlaneAuthPolicy === 'INHERIT') ctx.error(`${path}.controlPlaneAuthPolicy`, 'unrecognized control plane auth policy "INHERIT"; use NONE or MUTUAL_TLS', pc, 'controlPlaneAuthPolicy');
  if (pc.proxyMetadata && 'ISTIO_META_DNS_AUTO_ALLOCATE' in pc.proxyMetadata) {
    ctx.warn(`${path}.proxyMetadata.ISTIO_META_DNS_AUTO_ALLOCATE`, 'is deprecated; DNS auto-allocation v2 replaces it', pc.proxyMetadata, 'ISTIO_META_DNS_AUTO_ALLOCATE');
  }
}
