/**
 * The part of ServiceEntry validation that depends on `resolution`, after Istio's
 * ValidateServiceEntry: NONE takes no endpoints, STATIC needs IP (or Unix socket) endpoints, DNS
 * needs FQDN hosts unless endpoints are given, DNS_ROUND_ROBIN takes at most one endpoint,
 * DYNAMIC_DNS needs wildcard hosts and HTTP/TLS/gRPC ports; several hosts need HTTP or TLS ports.
 */
import type { ServiceEntry } from '../../api/networking/service-entry.ts';
import type { Resource } from '../../api/resource.ts';
import type { ValidationContext } from './context.ts';
import { isIP, protocolOf } from './rules/values.ts';
import { validateStrictFQDN, validateStrictWildcardDomain } from './rules/hosts.ts';
import { UNIX_PREFIX, validateWorkloadEntryFields } from './workload-entry.ts';

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'HTTP_PROXY', 'GRPC', 'GRPC-WEB']);
const TLS_PROTOCOLS = new Set(['HTTPS', 'TLS']);
const TCP_PROTOCOLS = new Set(['TCP', 'HTTPS', 'TLS', 'MONGO', 'REDIS', 'MYSQL']);
const DYNAMIC_DNS_PROTOCOLS = new Set(['HTTP', 'TLS', 'GRPC', 'HTTP2']);

function validateEndpoints(se: ServiceEntry, servicePorts: Set<string>, dns: boolean, ctx: ValidationContext): void {
  const endpoints = se.endpoints ?? [];
  endpoints.forEach((ep, i) => {
    const p = `spec.endpoints[${i}]`;
    const addr = ep.address ?? '';
    if (dns && (addr === '' || addr.startsWith(UNIX_PREFIX))) {
      const why = addr === '' ? 'DNS resolution needs a host name or IP for every endpoint' : 'DNS resolution cannot be used with Unix domain socket endpoints; use resolution STATIC';
      ctx.error(`${p}.address`, `endpoint address "${addr}" is not a valid FQDN or an IP address; ${why}`, addr === '' ? endpoints : ep, addr === '' ? i : 'address');
      return;
    }
    validateWorkloadEntryFields(ep, p, ctx, { servicePorts, allowFQDN: dns, holder: endpoints, key: i });
  });
}

function validateDns(se: ServiceEntry, servicePorts: Set<string>, ctx: ValidationContext): void {
  const resolution = se.resolution!;
  const endpoints = se.endpoints ?? [];
  if (endpoints.length === 0) {
    const hosts = se.hosts ?? [];
    const i = hosts.findIndex((h) => !isIP(h) && validateStrictWildcardDomain(h) === undefined && validateStrictFQDN(h) !== undefined);
    if (i >= 0) {
      ctx.error(
        `spec.hosts[${i}]`,
        `hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode ${resolution}: ${validateStrictFQDN(hosts[i])}; the proxy resolves each host itself, so list endpoints or use resolution NONE or DYNAMIC_DNS for wildcard hosts`,
        hosts,
        i,
      );
    }
  }
  if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) {
    ctx.error('spec.endpoints', `there must only be 0 or 1 endpoint for resolution mode ${resolution}, found ${endpoints.length}; use resolution DNS for several endpoints`, se, 'endpoints');
  }
  validateEndpoints(se, servicePorts, true, ctx);
  if ((se.addresses ?? []).length > 0 && (se.hosts ?? []).length > 1 && (se.ports ?? []).some((p) => TCP_PROTOCOLS.has(protocolOf(p.protocol) ?? ''))) {
    ctx.warn('spec.hosts', 'service entry can not have more than one host specified simultaneously with address and tcp port; the hosts cannot be told apart', se, 'hosts');
  }
}

function validateDynamicDns(r: Resource<ServiceEntry>, ctx: ValidationContext): void {
  const se = r.spec;
  const hosts = se.hosts ?? [];
  hosts.forEach((h, i) => {
    if (!h.startsWith('*')) ctx.error(`spec.hosts[${i}]`, `host must be wildcarded for resolution mode DYNAMIC_DNS, got "${h}"; use resolution DNS for a fixed name`, hosts, i);
  });
  if ((se.addresses ?? []).length > 0) {
    ctx.error('spec.addresses', 'addresses cannot be set for resolution type DYNAMIC_DNS; HTTP route domains will only be generated from the hosts field values', se, 'addresses');
  }
  if ((se.endpoints ?? []).length > 0) {
    ctx.error('spec.endpoints', 'endpoints cannot be set for resolution type DYNAMIC_DNS; the destination IP address is determined from the hosts field values', se, 'endpoints');
  }
  (se.ports ?? []).forEach((p, i) => {
    if (!DYNAMIC_DNS_PROTOCOLS.has(protocolOf(p.protocol) ?? '')) {
      ctx.error(`spec.ports[${i}].protocol`, `only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type DYNAMIC_DNS, got "${p.protocol ?? ''}"`, p, p.protocol === undefined ? 'number' : 'protocol');
    }
  });
  const waypoint = r.metadata.labels['istio.io/use-waypoint'];
  if (se.location === 'MESH_INTERNAL' && waypoint && waypoint.toLowerCase() !== 'none') {
    ctx.error('spec.location', 'location MESH_INTERNAL with resolution type DYNAMIC_DNS is not supported when using waypoints', se, 'location');
  }
}

function validateMultipleHosts(se: ServiceEntry, ctx: ValidationContext): void {
  if ((se.resolution ?? 'NONE') === 'NONE' || (se.hosts ?? []).length <= 1) return;
  const i = (se.ports ?? []).findIndex((p) => {
    const proto = protocolOf(p.protocol) ?? '';
    return !HTTP_PROTOCOLS.has(proto) && !TLS_PROTOCOLS.has(proto);
  });
  if (i >= 0) {
    const port = se.ports![i];
    ctx.error(
      `spec.ports[${i}]`,
      `multiple hosts provided with non-HTTP, non-TLS ports (port ${port.number} is ${port.protocol || 'unset'}); plain TCP cannot tell the hosts apart, so use one ServiceEntry per host or resolution NONE`,
      port,
      port.protocol ? 'protocol' : 'number',
    );
  }
}

export function validateResolution(r: Resource<ServiceEntry>, servicePorts: Set<string>, ctx: ValidationContext): void {
  const se = r.spec;
  const resolution = se.resolution ?? 'NONE';
  const endpoints = se.endpoints ?? [];
  switch (resolution) {
    case 'NONE':
      if (endpoints.length > 0) ctx.error('spec.endpoints', 'no endpoints should be provided for resolution type none; set resolution STATIC (IP endpoints) or DNS', se, 'endpoints');
      if (se.workloadSelector) ctx.warn('spec.workloadSelector', 'workloadSelector should not be set when resolution mode is NONE; use resolution STATIC to route to the selected workloads', se, 'workloadSelector');
      break;
    case 'STATIC':
      if (endpoints.length === 0 && !se.workloadSelector) {
        ctx.warn('spec.resolution', 'resolution STATIC without endpoints or workloadSelector: the service has no endpoints, so requests to it fail; add endpoints or a workloadSelector', se, 'resolution');
      }
      validateEndpoints(se, servicePorts, false, ctx);
      break;
    case 'DNS':
    case 'DNS_ROUND_ROBIN':
      validateDns(se, servicePorts, ctx);
      break;
    case 'DYNAMIC_DNS':
      validateDynamicDns(r, ctx);
      break;
  }
  validateMultipleHosts(se, ctx);
}
