/**
 * Semantic rules for WorkloadEntry, after Istio's validateWorkloadEntry (the same rules check
 * ServiceEntry endpoints): an address (IP, FQDN where DNS is allowed, or `unix:///abs/path` /
 * `unix://@abstract`) unless a network is set, port names that are DNS labels mapped to 1..65535
 * (and, in a ServiceEntry, declared by it), valid labels, and no ports on Unix sockets.
 */
import type { WorkloadEntry } from '../../api/networking/workload-entry.ts';
import type { Resource } from '../../api/resource.ts';
import type { ValidationContext } from './context.ts';
import { isDNS1123Label, validateStrictFQDN } from './rules/hosts.ts';
import { isIP, labelProblems, validatePort } from './rules/values.ts';

export const UNIX_PREFIX = 'unix://';

export interface WorkloadEntryOptions {
  /** Port names the owning ServiceEntry declares; undefined for a standalone WorkloadEntry. */
  servicePorts?: ReadonlySet<string>;
  /** Whether a DNS name is acceptable as address (standalone entries and DNS resolution). */
  allowFQDN: boolean;
  /** The object holding the entry and its key, to point at it when the address is missing. */
  holder: unknown;
  key: string | number;
}

/** Istio's ValidateUnixAddress, for the part after `unix://`. */
export function validateUnixAddress(addr: string): string | undefined {
  if (addr.length === 0) return 'unix address must not be empty';
  if (addr.startsWith('@')) return undefined;
  if (!addr.startsWith('/') || addr.endsWith('/')) return `${addr} is not an absolute path to a file; write unix:///absolute/path or unix://@abstract-name`;
  return undefined;
}

function validateAddress(we: WorkloadEntry, path: string, ctx: ValidationContext, opts: WorkloadEntryOptions): boolean {
  const addr = we.address ?? '';
  if (addr === '') {
    if (!we.network) {
      ctx.error(`${path}.address`, 'address is required (an IP, a DNS name or unix:///path); it may be left out only when network is set', opts.holder, opts.key);
      return false;
    }
    ctx.warn(`${path}.address`, `address is unset with network "${we.network}"; traffic will reach it only through that network's gateway`, we, 'network');
    return true;
  }
  if (addr.length > 256) ctx.error(`${path}.address`, `address is ${addr.length} characters long; the maximum is 256`, we, 'address');
  if (addr.startsWith(UNIX_PREFIX)) {
    const e = validateUnixAddress(addr.slice(UNIX_PREFIX.length));
    if (e) ctx.error(`${path}.address`, e, we, 'address');
    if (we.ports && Object.keys(we.ports).length > 0) ctx.error(`${path}.ports`, `unix endpoint ${addr} must not include ports; remove ports`, we, 'ports');
    return true;
  }
  if (isIP(addr)) return true;
  if (!opts.allowFQDN) ctx.error(`${path}.address`, `endpoint address "${addr}" is not a valid IP address; with resolution STATIC endpoints need IPs (use resolution DNS for host names)`, we, 'address');
  else if (validateStrictFQDN(addr)) ctx.error(`${path}.address`, `endpoint address "${addr}" is not a valid FQDN or an IP address`, we, 'address');
  return true;
}

/** Checks a WorkloadEntry (or a ServiceEntry endpoint) found at opts.holder[opts.key]. */
export function validateWorkloadEntryFields(we: WorkloadEntry, path: string, ctx: ValidationContext, opts: WorkloadEntryOptions): void {
  if (!validateAddress(we, path, ctx, opts)) return;
  const ports = we.ports ?? {};
  for (const [name, port] of Object.entries(ports)) {
    const p = `${path}.ports.${name}`;
    if (opts.servicePorts && !opts.servicePorts.has(name)) {
      const known = [...opts.servicePorts];
      ctx.error(p, `endpoint port ${port} (${name}) is not defined by the service entry; use one of its port names${known.length ? `: ${known.join(', ')}` : ' (it declares none)'}`, ports, name);
    }
    if (!isDNS1123Label(name)) ctx.error(p, `invalid port name: ${name}; port names are DNS-1123 labels such as http or tcp-db`, ports, name);
    const e = validatePort(port);
    if (e) ctx.error(p, e, ports, name);
  }
  for (const [k, msg] of labelProblems(we.labels)) ctx.error(`${path}.labels.${k}`, msg, we.labels, k);
  if (we.address?.startsWith(UNIX_PREFIX) && opts.servicePorts && opts.servicePorts.size !== 1) {
    ctx.error(`${path}.address`, `exactly 1 service port required for unix endpoints, the service entry declares ${opts.servicePorts.size}`, we, 'address');
  }
}

export function validateWorkloadEntry(r: Resource<WorkloadEntry>, ctx: ValidationContext): void {
  if (r.body.spec === undefined) {
    ctx.error('spec', 'spec is required: a WorkloadEntry needs at least spec.address (or spec.network)');
    return;
  }
  validateWorkloadEntryFields(r.spec, 'spec', ctx, { allowFQDN: true, holder: r.body, key: 'spec' });
}
