/**
 * Semantic rules for core/v1 Pod and the PodSpec inside workload templates, for the parts a mesh
 * reads: at least one container, unique DNS-label container names, container ports 1..65535 with
 * unique IANA names, and pod IPs in the status.
 */
import type { Resource } from '../../api/resource.ts';
import type { Container, Pod, PodSpec } from '../../api/kubernetes/pod.ts';
import type { ValidationContext } from './context.ts';
import { dns1123LabelProblem, ianaSvcNameProblem } from './k8s-names.ts';
import { isIP, validatePort } from './rules/values.ts';

export function validatePodSpec(spec: PodSpec, path: string, ctx: ValidationContext): void {
  if (spec.containers.length === 0) ctx.error(`${path}.containers`, 'a Pod needs at least one container', spec, 'containers');
  const names = new Map<string, string>();
  const portNames = new Map<string, string>();
  const containers = spec.containers;
  for (let i = 0; i < containers.length; i++) checkContainer(containers[i], `${path}.containers[${i}]`, names, portNames, ctx);
  const init = spec.initContainers;
  if (init) for (let i = 0; i < init.length; i++) checkContainer(init[i], `${path}.initContainers[${i}]`, names, portNames, ctx);
}

/** One container at `at`: its name (unique among the pod's containers, `names`) and its ports. */
function checkContainer(c: Container, at: string, names: Map<string, string>, portNames: Map<string, string>, ctx: ValidationContext): void {
  const e = dns1123LabelProblem(c.name);
  if (e) ctx.error(`${at}.name`, `invalid container name: ${e}`, c, 'name');
  const first = names.get(c.name);
  if (first) ctx.error(`${at}.name`, `duplicate container name "${c.name}" (also ${first})`, c, 'name');
  else names.set(c.name, at);
  checkContainerPorts(c, at, portNames, ctx);
}

function checkContainerPorts(c: Container, at: string, portNames: Map<string, string>, ctx: ValidationContext): void {
  (c.ports ?? []).forEach((p, j) => {
    const pp = `${at}.ports[${j}]`;
    const e = validatePort(p.containerPort);
    if (e) ctx.error(`${pp}.containerPort`, e, p, 'containerPort');
    if (p.hostPort !== undefined && p.hostPort !== 0) {
      const h = validatePort(p.hostPort);
      if (h) ctx.error(`${pp}.hostPort`, h, p, 'hostPort');
    }
    if (p.hostIP !== undefined && p.hostIP !== '' && !isIP(p.hostIP)) ctx.error(`${pp}.hostIP`, `must be a valid IP address, got "${p.hostIP}"`, p, 'hostIP');
    if (p.name === undefined || p.name === '') return;
    const n = ianaSvcNameProblem(p.name);
    if (n) ctx.error(`${pp}.name`, n, p, 'name');
    const first = portNames.get(p.name);
    if (first) ctx.error(`${pp}.name`, `duplicate port name "${p.name}" (also ${first}); port names must be unique within a Pod`, p, 'name');
    else portNames.set(p.name, pp);
  });
}

export function validatePod(r: Resource, ctx: ValidationContext): void {
  const body = r.body as Pod;
  validatePodSpec(body.spec, 'spec', ctx);
  const status = body.status;
  if (!status) return;
  if (status.podIP !== undefined && status.podIP !== '' && !isIP(status.podIP)) ctx.error('status.podIP', `must be a valid IP address, got "${status.podIP}"`, status, 'podIP');
  (status.podIPs ?? []).forEach((x, i) => {
    if (x.ip !== undefined && !isIP(x.ip)) ctx.error(`status.podIPs[${i}].ip`, `must be a valid IP address, got "${x.ip}"`, x, 'ip');
  });
  if (status.podIP && status.podIPs && status.podIPs.length > 0 && status.podIPs[0].ip !== status.podIP) {
    ctx.error('status.podIPs[0].ip', `must match status.podIP "${status.podIP}"`, status.podIPs[0], 'ip');
  }
}
