/**
 * Rules for MeshConfig.extensionProviders, after Istio's validateExtensionProvider: unique
 * non-empty names, exactly one provider block, a service that is an FQDN, an IP or
 * `namespace/host`, ports 1..65535, ext-authz statusOnError as an HTTP status and pathPrefix
 * starting with `/`. Istio only logs these (a broken provider is ignored until something uses it),
 * so they are warnings here; `defaultProviders` naming an unknown provider is one as well.
 */
import { extensionProviderType, type ExtensionProvider } from '../../api/kubernetes/mesh-extension-providers.ts';
import type { MeshConfig } from '../../api/kubernetes/mesh-config.ts';
import type { ValidationContext } from './context.ts';
import { namespaceSlashHostProblems, validateStrictFQDN } from './rules/hosts.ts';
import { isIP, validatePort } from './rules/values.ts';

/** Istio's validateExtensionProviderService. */
export function providerServiceProblem(service: string | undefined): string | undefined {
  if (!service) return 'service must not be empty';
  if (!service.includes('/')) {
    if (validateStrictFQDN(service) === undefined || isIP(service)) return undefined;
    return `invalid service "${service}": not a valid FQDN or IP address`;
  }
  return namespaceSlashHostProblems(service, false)[0];
}

function typeProblems(p: ExtensionProvider): [field: string, message: string][] {
  const type = extensionProviderType(p);
  if (!type) return [['', 'sets no provider; add one block such as envoyExtAuthzHttp, zipkin or envoyFileAccessLog']];
  const block = (p as Record<string, unknown>)[type] as Record<string, unknown>;
  const out: [string, string][] = [];
  if (['prometheus', 'stackdriver', 'envoyFileAccessLog'].includes(type)) return out;
  if (type !== 'sds' || block.service !== undefined) {
    const s = providerServiceProblem(block.service as string | undefined);
    if (s) out.push([`${type}.service`, s]);
    const portProblem = validatePort(block.port as number | undefined);
    if (portProblem) out.push([`${type}.port`, `invalid service port: ${portProblem}`]);
  }
  if (type === 'envoyExtAuthzHttp' || type === 'envoyExtAuthzGrpc') {
    const status = block.statusOnError as string | undefined;
    if (status !== undefined && status !== '' && !(/^\d+$/.test(status) && Number(status) >= 100 && Number(status) <= 599)) {
      out.push([`${type}.statusOnError`, `invalid statusOnError value "${status}": write an HTTP status code such as "403"`]);
    }
  }
  const prefix = block.pathPrefix as string | undefined;
  if (type === 'envoyExtAuthzHttp' && prefix && !prefix.startsWith('/')) out.push([`${type}.pathPrefix`, `pathPrefix should begin with "/" but found "${prefix}"`]);
  if (type === 'opentelemetry' && block.http !== undefined && block.grpc !== undefined) out.push([`${type}`, 'OpenTelemetryTracingProvider cannot specify both grpc and http']);
  if (type === 'lightstep' && !block.accessToken) out.push([`${type}.accessToken`, 'access token is required']);
  return out;
}

export function validateExtensionProviders(mesh: MeshConfig, path: string, ctx: ValidationContext): void {
  const list = mesh.extensionProviders ?? [];
  const seen = new Set<string>();
  list.forEach((p, i) => {
    const at = `${path}.extensionProviders[${i}]`;
    const label = `invalid extension provider ${p.name || `#${i}`}`;
    if (!p.name) ctx.warn(`${at}.name`, `${label}: empty extension provider name`, list, i);
    else if (seen.has(p.name)) ctx.warn(`${at}.name`, `${label}: duplicate extension provider name ${p.name}`, p, 'name');
    seen.add(p.name);
    for (const [field, message] of typeProblems(p)) {
      const [block, leaf] = field.split('.');
      const holder = block ? ((p as Record<string, unknown>)[block] as object) : list;
      ctx.warn(field ? `${at}.${field}` : at, `${label}: ${message}`, holder, leaf ?? (block ? undefined : i));
    }
  });
}

/** `defaultProviders` entries must name a provider: one of the mesh's or Istio's built-ins. */
export function validateDefaultProviders(mesh: MeshConfig, known: ReadonlySet<string>, path: string, ctx: ValidationContext): void {
  const dp = mesh.defaultProviders;
  if (!dp) return;
  for (const kind of ['tracing', 'metrics', 'accessLogging'] as const) {
    (dp[kind] ?? []).forEach((name, i) => {
      if (!known.has(name)) {
        ctx.warn(`${path}.defaultProviders.${kind}[${i}]`, `no extension provider named "${name}"; known: ${[...known].join(', ')}`, dp[kind], i);
      }
    });
  }
}
