/**
 * Semantic rules for core/v1 Endpoints and discovery.k8s.io/v1 EndpointSlice, after Kubernetes'
 * validation: endpoint IPs are real unicast addresses (not link-local or unspecified; loopback is a
 * warning, because Sextant's local mode runs workloads on 127.0.0.x while Kubernetes refuses it),
 * EndpointSlice addresses match the slice's addressType, ports are 1..65535 with unique names
 * (required in Endpoints when a subset has several), hostnames are DNS labels.
 */
import ipaddr from 'ipaddr.js';
import type { Resource } from '../../api/resource.ts';
import type { EndpointAddress, EndpointPort, Endpoints } from '../../api/kubernetes/endpoints.ts';
import type { EndpointSlice, SliceEndpointPort } from '../../api/kubernetes/endpoint-slice.ts';
import type { ValidationContext } from './context.ts';
import { dns1123LabelProblem, dns1123SubdomainProblem } from './k8s-names.ts';
import { isIP, validatePort } from './rules/values.ts';

const LOOPBACK_NOTE = 'is in the loopback range (127.0.0.0/8, ::1/128): fine for Sextant\'s local mode, but a Kubernetes API server refuses it';

/** Loopback endpoint addresses: accepted (local mode), with a warning. */
export function isLoopbackIP(ip: string): boolean {
  return isIP(ip) && ipaddr.process(ip).range() === 'loopback';
}

/** Kubernetes' ValidateEndpointIP: a valid IP that can reach a pod. */
export function endpointIPProblem(ip: string): string | undefined {
  if (!isIP(ip)) return `"${ip}" must be a valid IP address`;
  const range = ipaddr.process(ip).range();
  if (range === 'unspecified') return `"${ip}" may not be unspecified (0.0.0.0, ::)`;
  if (range === 'linkLocal') return `"${ip}" may not be in the link-local range (169.254.0.0/16, fe80::/10)`;
  if (range === 'multicast') return `"${ip}" may not be a multicast address`;
  return undefined;
}

export function validateEndpoints(r: Resource, ctx: ValidationContext): void {
  const body = r.body as Endpoints;
  (body.subsets ?? []).forEach((s, i) => {
    const at = `subsets[${i}]`;
    if ((s.addresses?.length ?? 0) === 0 && (s.notReadyAddresses?.length ?? 0) === 0) {
      ctx.error(at, 'a subset must list addresses or notReadyAddresses', body.subsets, i);
    }
    checkAddresses(s.addresses, `${at}.addresses`, ctx);
    checkAddresses(s.notReadyAddresses, `${at}.notReadyAddresses`, ctx);
    if ((s.ports?.length ?? 0) === 0) ctx.error(`${at}.ports`, 'a subset must list at least one port', body.subsets, i);
    checkPorts(s.ports ?? [], `${at}.ports`, true, ctx);
  });
}

function checkAddresses(list: EndpointAddress[] | undefined, path: string, ctx: ValidationContext): void {
  (list ?? []).forEach((a, j) => {
    const p = `${path}[${j}]`;
    const e = endpointIPProblem(a.ip);
    if (e) ctx.error(`${p}.ip`, e, a, 'ip');
    else if (isLoopbackIP(a.ip)) ctx.warn(`${p}.ip`, `"${a.ip}" ${LOOPBACK_NOTE}`, a, 'ip');
    if (a.hostname !== undefined) {
      const h = dns1123LabelProblem(a.hostname);
      if (h) ctx.error(`${p}.hostname`, h, a, 'hostname');
    }
    if (a.nodeName !== undefined) {
      const n = dns1123SubdomainProblem(a.nodeName);
      if (n) ctx.error(`${p}.nodeName`, n, a, 'nodeName');
    }
  });
}

/** Ports of an Endpoints subset (`requireNames`: names are required when there are several) or an EndpointSlice. */
function checkPorts(ports: readonly (EndpointPort | SliceEndpointPort)[], path: string, requireNames: boolean, ctx: ValidationContext): void {
  const names = new Map<string, number>();
  ports.forEach((p, k) => {
    const at = `${path}[${k}]`;
    if (p.port !== undefined) {
      const e = validatePort(p.port);
      if (e) ctx.error(`${at}.port`, e, p, 'port');
    }
    const name = p.name ?? '';
    if (name === '') {
      if (requireNames && ports.length > 1) ctx.error(`${at}.name`, 'port name is required when there is more than one port', ports, k);
      else if (names.has('')) ctx.error(`${at}.name`, 'only one port may be unnamed', ports, k);
      names.set('', k);
      return;
    }
    const e = dns1123LabelProblem(name);
    if (e) ctx.error(`${at}.name`, `invalid port name: ${e}`, p, 'name');
    const first = names.get(name);
    if (first !== undefined) ctx.error(`${at}.name`, `duplicate port name "${name}" (also [${first}])`, p, 'name');
    else names.set(name, k);
  });
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export function validateEndpointSlice(r: Resource, ctx: ValidationContext): void {
  const body = r.body as EndpointSlice;
  const type = body.addressType;
  if ((body.endpoints?.length ?? 0) > 1000) ctx.error('endpoints', `an EndpointSlice holds at most 1000 endpoints, found ${body.endpoints!.length}`, body, 'endpoints');
  (body.endpoints ?? []).forEach((ep, i) => {
    const at = `endpoints[${i}]`;
    if (ep.addresses.length === 0) ctx.error(`${at}.addresses`, 'an endpoint needs at least one address', ep, 'addresses');
    if (ep.addresses.length > 100) ctx.error(`${at}.addresses`, 'an endpoint holds at most 100 addresses', ep, 'addresses');
    ep.addresses.forEach((a, j) => {
      const e = sliceAddressProblem(a, type);
      if (e) ctx.error(`${at}.addresses[${j}]`, e, ep.addresses, j);
      else if (type !== 'FQDN' && isLoopbackIP(a)) ctx.warn(`${at}.addresses[${j}]`, `"${a}" ${LOOPBACK_NOTE}`, ep.addresses, j);
    });
    if (ep.hostname !== undefined) {
      const h = dns1123LabelProblem(ep.hostname);
      if (h) ctx.error(`${at}.hostname`, h, ep, 'hostname');
    }
    if (ep.nodeName !== undefined) {
      const n = dns1123SubdomainProblem(ep.nodeName);
      if (n) ctx.error(`${at}.nodeName`, n, ep, 'nodeName');
    }
  });
  if ((body.ports?.length ?? 0) > 100) ctx.error('ports', 'an EndpointSlice holds at most 100 ports', body, 'ports');
  checkPorts(body.ports ?? [], 'ports', false, ctx);
  if (!r.metadata.labels[SERVICE_NAME_LABEL]) {
    ctx.warn('metadata.labels', `has no "${SERVICE_NAME_LABEL}" label, so the slice belongs to no Service and the mesh ignores it`);
  }
}

function sliceAddressProblem(a: string, type: EndpointSlice['addressType']): string | undefined {
  if (type === 'FQDN') return dns1123SubdomainProblem(a);
  if (type === 'IPv4' && !(isIP(a) && !a.includes(':'))) return `"${a}" is not an IPv4 address (addressType is IPv4)`;
  if (type === 'IPv6' && !(isIP(a) && a.includes(':'))) return `"${a}" is not an IPv6 address (addressType is IPv6)`;
  return endpointIPProblem(a);
}
