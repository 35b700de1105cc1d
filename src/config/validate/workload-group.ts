/**
 * Semantic rules for WorkloadGroup, after Istio's ValidateWorkloadGroup and the CRD's rules:
 * valid metadata labels, a template (a WorkloadEntry whose address and labels are filled in at
 * registration), and a readiness probe with exactly one method and sane numbers.
 */
import type { ReadinessProbe, WorkloadGroup } from '../../api/networking/workload-group.ts';
import type { Resource } from '../../api/resource.ts';
import type { ValidationContext } from './context.ts';
import { isDNS1123Label } from './rules/hosts.ts';
import { labelProblems, validateLabelKey, validatePort } from './rules/values.ts';
import { UNIX_PREFIX, validateUnixAddress } from './workload-entry.ts';

const PROBE_HEADER_NAME = /^[-A-Za-z0-9]+$/;
const PROBE_NUMBERS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const;

function validateMetadata(wg: WorkloadGroup, ctx: ValidationContext): void {
  const md = wg.metadata;
  if (!md) return;
  for (const [k, msg] of labelProblems(md.labels)) ctx.error(`spec.metadata.labels.${k}`, `invalid labels: ${msg}`, md.labels, k);
  for (const k of Object.keys(md.annotations ?? {})) {
    const e = validateLabelKey(k);
    if (e) ctx.warn(`spec.metadata.annotations.${k}`, `${e.replace('label key', 'annotation key')}; Kubernetes will refuse the generated WorkloadEntry`, md.annotations, k);
  }
}

function validateTemplate(wg: WorkloadGroup, ctx: ValidationContext): void {
  const t = wg.template;
  if (!t) return;
  if (t.address) ctx.warn('spec.template.address', 'address should not be set in a WorkloadGroup template; each registering workload supplies its own address', t, 'address');
  if (t.labels && Object.keys(t.labels).length > 0) ctx.warn('spec.template.labels', 'labels should be set in spec.metadata.labels, not in the template', t, 'labels');
  if (t.address?.startsWith(UNIX_PREFIX)) {
    const e = validateUnixAddress(t.address.slice(UNIX_PREFIX.length));
    if (e) ctx.error('spec.template.address', e, t, 'address');
  }
  const ports = t.ports ?? {};
  for (const [name, port] of Object.entries(ports)) {
    if (!isDNS1123Label(name)) ctx.error(`spec.template.ports.${name}`, `invalid port name: ${name}; port names are DNS-1123 labels such as http or tcp-db`, ports, name);
    const e = validatePort(port);
    if (e) ctx.error(`spec.template.ports.${name}`, e, ports, name);
  }
}

function validateProbeMethod(probe: ReadinessProbe, ctx: ValidationContext, wg: WorkloadGroup): void {
  const p = 'spec.probe';
  if (probe.httpGet) {
    const h = probe.httpGet;
    const e = validatePort(h.port);
    if (e) ctx.error(`${p}.httpGet.port`, e, h, 'port');
    if (h.scheme && h.scheme !== 'HTTP' && h.scheme !== 'HTTPS') ctx.error(`${p}.httpGet.scheme`, `httpGet.scheme must be one of "HTTPS", "HTTP", got "${h.scheme}"`, h, 'scheme');
    (h.httpHeaders ?? []).forEach((hd, i) => {
      const hp = `${p}.httpGet.httpHeaders[${i}].name`;
      if (!hd.name) ctx.error(hp, 'header name cannot be empty', h.httpHeaders, i);
      else if (!PROBE_HEADER_NAME.test(hd.name)) ctx.error(hp, `header name ${hd.name} is not a valid header name; use letters, digits and '-'`, hd, 'name');
    });
  } else if (probe.tcpSocket) {
    const e = validatePort(probe.tcpSocket.port);
    if (e) ctx.error(`${p}.tcpSocket.port`, e, probe.tcpSocket, 'port');
  } else if (probe.exec) {
    const cmd = probe.exec.command;
    if (cmd.length === 0) ctx.error(`${p}.exec.command`, 'exec.command is required; give the command and its arguments as a list', probe.exec, 'command');
    cmd.forEach((c, i) => {
      if (c === '') ctx.error(`${p}.exec.command[${i}]`, 'command arguments must not be empty strings', cmd, i);
    });
  } else if (probe.grpc) {
    if (probe.grpc.port !== undefined) {
      const e = validatePort(probe.grpc.port);
      if (e) ctx.error(`${p}.grpc.port`, e, probe.grpc, 'port');
    }
  } else {
    ctx.error(p, 'probe must set one health check method: httpGet, tcpSocket, exec or grpc', wg, 'probe');
  }
}

function validateProbe(wg: WorkloadGroup, ctx: ValidationContext): void {
  const probe = wg.probe;
  if (!probe) return;
  for (const f of PROBE_NUMBERS) {
    const v = probe[f];
    if (v !== undefined && v < 0) ctx.error(`spec.probe.${f}`, `${f} must be non-negative, got ${v}`, probe, f);
  }
  validateProbeMethod(probe, ctx, wg);
}

export function validateWorkloadGroup(r: Resource<WorkloadGroup>, ctx: ValidationContext): void {
  if (r.body.spec === undefined) {
    ctx.error('spec', 'spec is required: a WorkloadGroup needs at least spec.template');
    return;
  }
  validateMetadata(r.spec, ctx);
  validateTemplate(r.spec, ctx);
  validateProbe(r.spec, ctx);
}
