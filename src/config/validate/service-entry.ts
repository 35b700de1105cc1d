/**
 * Semantic rules for ServiceEntry, after Istio's ValidateServiceEntry: hosts (DNS names with an
 * optional `*.` prefix, never `*` alone or a raw IP), addresses (IPs or CIDRs), ports (unique
 * names and numbers, known protocols), the resolution mode against endpoints / workloadSelector /
 * wildcard hosts (service-entry-resolution.ts), endpoints (workload-entry.ts rules) and exportTo.
 */
import type { ServiceEntry } from '../../api/networking/service-entry.ts';
import type { Resource } from '../../api/resource.ts';
import type { ValidationContext } from './context.ts';
import { reportExportTo, reportSelector } from './report.ts';
import { isDNS1123Label, validatePartialWildcard, validateStrictWildcardDomain } from './rules/hosts.ts';
import { isIP, PROTOCOLS, protocolOf, validatePort } from './rules/values.ts';
import { validateResolution } from './service-entry-resolution.ts';

const MAX_ITEMS = 256;

function validateHosts(se: ServiceEntry, ctx: ValidationContext): void {
  const hosts = se.hosts ?? [];
  if (hosts.length === 0) ctx.error('spec.hosts', 'service entry must have at least one host', se, 'hosts');
  if (hosts.length > MAX_ITEMS) ctx.error('spec.hosts', `too many hosts (${hosts.length}); at most ${MAX_ITEMS} are allowed`, se, 'hosts');
  hosts.forEach((h, i) => {
    const p = `spec.hosts[${i}]`;
    if (h === '*') {
      ctx.error(p, 'invalid host *: a ServiceEntry cannot claim every host; list the domains, e.g. *.example.com (to allow all egress use outboundTrafficPolicy ALLOW_ANY)', hosts, i);
      return;
    }
    if (isIP(h)) {
      // Istio before 1.1 accepted IP hosts (seed 002 relies on it); current Istio's webhook refuses them.
      // Sextant keeps such configuration working and says how to make it portable.
      ctx.warn(p, `host ${h} is an IP address: current Istio rejects IP addresses in hosts (older Istio accepted them); Sextant treats it as an address of this entry — for portability put ${h} in spec.addresses and give the entry a DNS name in hosts`, hosts, i);
      return;
    }
    const e = validateStrictWildcardDomain(h);
    if (e) ctx.error(p, e, hosts, i);
    else if (se.resolution !== 'DYNAMIC_DNS') {
      const w = validatePartialWildcard(h);
      if (w) ctx.warn(p, `${w}; only a leading "*." wildcard matches anything`, hosts, i);
    }
  });
}

function validateAddresses(se: ServiceEntry, ctx: ValidationContext): void {
  const addresses = se.addresses ?? [];
  if (addresses.length > MAX_ITEMS) ctx.error('spec.addresses', `too many addresses (${addresses.length}); at most ${MAX_ITEMS} are allowed`, se, 'addresses');
  let cidrAt = -1;
  addresses.forEach((a, i) => {
    const p = `spec.addresses[${i}]`;
    if (a.length > 64) ctx.error(p, `address is ${a.length} characters long; the maximum is 64`, addresses, i);
    if ((a.match(/\//g) ?? []).length === 1) {
      if (cidrAt < 0) cidrAt = i;
      if (!isValidCIDR(a)) ctx.error(p, `${a} is not a valid CIDR block; write an address and prefix length such as 10.0.0.0/16`, addresses, i);
    } else if (!isIP(a)) {
      ctx.error(p, `${a} is not a valid IP${a.startsWith('unix://') ? '; Unix domain socket addresses are not supported in addresses' : ''}`, addresses, i);
    }
  });
  const resolution = se.resolution ?? 'NONE';
  if (cidrAt >= 0 && resolution !== 'NONE' && resolution !== 'STATIC') {
    ctx.error(`spec.addresses[${cidrAt}]`, `CIDR addresses are allowed only for NONE/STATIC resolution types, not ${resolution}`, addresses, cidrAt);
  }
}

function isValidCIDR(s: string): boolean {
  const [ip, bits] = s.split('/');
  if (!isIP(ip) || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (ip.includes(':') ? 128 : 32);
}

function autoAllocates(r: Resource<ServiceEntry>): boolean {
  const se = r.spec;
  if ((se.resolution ?? 'NONE') === 'NONE') return false;
  if ((r.metadata.labels['networking.istio.io/enable-autoallocate-ip'] ?? '').toLowerCase() === 'false') return false;
  return (se.addresses ?? []).length === 0;
}

/** Returns the set of declared port names. */
function validatePorts(r: Resource<ServiceEntry>, ctx: ValidationContext): Set<string> {
  const se = r.spec;
  const ports = se.ports ?? [];
  const names = new Map<string, number>();
  const numbers = new Map<number, number>();
  const noAddresses = (se.addresses ?? []).length === 0 && !autoAllocates(r);
  ports.forEach((port, i) => {
    const p = `spec.ports[${i}]`;
    if (names.has(port.name)) ctx.error(`${p}.name`, `service entry port name "${port.name}" already defined at spec.ports[${names.get(port.name)}]; port names must be unique`, port, 'name');
    else names.set(port.name, i);
    if (numbers.has(port.number)) ctx.error(`${p}.number`, `service entry port ${port.number} already defined at spec.ports[${numbers.get(port.number)}]; port numbers must be unique`, port, 'number');
    else numbers.set(port.number, i);
    if (port.targetPort !== undefined && port.targetPort !== 0) {
      const e = validatePort(port.targetPort);
      if (e) ctx.error(`${p}.targetPort`, e, port, 'targetPort');
    }
    if (noAddresses && (!port.protocol || port.protocol.toUpperCase() === 'TCP')) {
      ctx.warn(`${p}.protocol`, 'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled; without spec.addresses every connection to this port matches this entry', port, port.protocol ? 'protocol' : 'number');
    }
    if (!isDNS1123Label(port.name)) ctx.error(`${p}.name`, `invalid port name: ${port.name}; port names are DNS-1123 labels such as http or tcp-db`, port, 'name');
    if (port.protocol && !protocolOf(port.protocol)) ctx.error(`${p}.protocol`, `unsupported protocol: ${port.protocol}; use one of ${PROTOCOLS.join(', ')} (or leave it unset to detect the protocol)`, port, 'protocol');
    const e = validatePort(port.number);
    if (e) ctx.error(`${p}.number`, e, port, 'number');
  });
  return new Set(names.keys());
}

function validateSelector(se: ServiceEntry, ctx: ValidationContext): void {
  const sel = se.workloadSelector;
  if (!sel) return;
  reportSelector(sel.labels ?? {}, 'spec.workloadSelector.labels', ctx, 'service entry: workload selector specified without labels, will be applied to all services in namespace', se, 'workloadSelector');
}

export function validateServiceEntry(r: Resource<ServiceEntry>, ctx: ValidationContext): void {
  if (r.body.spec === undefined) {
    ctx.error('spec', 'spec is required: a ServiceEntry needs at least spec.hosts');
    return;
  }
  const se = r.spec;
  validateSelector(se, ctx);
  validateHosts(se, ctx);
  validateAddresses(se, ctx);
  const servicePorts = validatePorts(r, ctx);
  validateResolution(r, servicePorts, ctx);
  reportExportTo(se, r.metadata.namespace, ctx, { serviceEntry: true });
}
