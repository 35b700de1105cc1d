/**
 * Semantic rules for core/v1 Service: Kubernetes' own (ports 1..65535, port names required and
 * unique when there are several, unique port/protocol pairs, targetPort number or IANA name,
 * nodePort only off ClusterIP, IPs and CIDRs, ExternalName) and Istio's port-naming convention
 * `<protocol>[-<suffix>]` as a warning (the analyzer reports it as IST0118).
 */
import type { Resource } from '../../api/resource.ts';
import type { Service, ServicePort, ServiceSpec } from '../../api/kubernetes/service.ts';
import { servicePortProtocol } from '../../api/kubernetes/port-protocol.ts';
import type { ValidationContext } from './context.ts';
import { checkLabelMap, dns1123LabelProblem, dns1123SubdomainProblem, ianaSvcNameProblem } from './k8s-names.ts';
import { isIP, validateIPOrCIDR, validatePort } from './rules/values.ts';

export function validateService(r: Resource<NonNullable<Service['spec']>>, ctx: ValidationContext): void {
  const spec = r.spec;
  const type = spec.type ?? 'ClusterIP';
  checkLabelMap(spec.selector, 'spec.selector', ctx);
  checkPorts(spec, type, ctx);
  checkAddresses(spec, type, ctx);
  checkTypeSpecific(spec, type, ctx);
  if (!isIstioControlPlane(r)) checkIstioPortNames(spec, ctx);
}

function checkPorts(spec: ServiceSpec, type: string, ctx: ValidationContext): void {
  const ports = spec.ports ?? [];
  if (ports.length === 0 && type !== 'ExternalName' && spec.clusterIP !== 'None') {
    ctx.error('spec.ports', 'a Service needs at least one port (only headless Services, clusterIP: None, and ExternalName Services may have none)', spec, spec.ports ? 'ports' : undefined);
  }
  const names = new Map<string, number>();
  const numbers = new Map<string, number>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (p.name === undefined || p.name === '') {
      if (ports.length > 1) ctx.error(`${at}.name`, 'port name is required when a Service has more than one port', ports, i);
    } else {
      const e = dns1123LabelProblem(p.name);
      if (e) ctx.error(`${at}.name`, `invalid port name: ${e}`, p, 'name');
      const first = names.get(p.name);
      if (first !== undefined) ctx.error(`${at}.name`, `duplicate port name "${p.name}" (also ports[${first}]); port names must be unique`, p, 'name');
      else names.set(p.name, i);
    }
    const portProblem = validatePort(p.port);
    if (portProblem) ctx.error(`${at}.port`, portProblem, p, 'port');
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    const firstNumber = numbers.get(key);
    if (firstNumber !== undefined) ctx.error(`${at}.port`, `duplicate port ${key} (also ports[${firstNumber}]); each port and protocol pair may appear once`, p, 'port');
    else numbers.set(key, i);
    checkTargetPort(p, at, ctx);
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      const e = validatePort(p.nodePort);
      if (e) ctx.error(`${at}.nodePort`, e, p, 'nodePort');
      else if (type === 'ClusterIP' || type === 'ExternalName') ctx.error(`${at}.nodePort`, `nodePort may not be used when type is '${type}'`, p, 'nodePort');
    }
  });
}

function checkTargetPort(p: ServicePort, at: string, ctx: ValidationContext): void {
  const t = p.targetPort;
  if (t === undefined || t === 0 || t === '') return; // defaults to port
  if (typeof t === 'number') {
    const e = validatePort(t);
    if (e) ctx.error(`${at}.targetPort`, e, p, 'targetPort');
    return;
  }
  if (/^\d+$/.test(t)) {
    ctx.error(`${at}.targetPort`, `"${t}" is a string; write the number without quotes (a string targetPort names a container port)`, p, 'targetPort');
    return;
  }
  const e = ianaSvcNameProblem(t);
  if (e) ctx.error(`${at}.targetPort`, e, p, 'targetPort');
}

function checkAddresses(spec: ServiceSpec, type: string, ctx: ValidationContext): void {
  const ip = spec.clusterIP;
  if (ip !== undefined && ip !== '' && ip !== 'None' && !isIP(ip)) ctx.error('spec.clusterIP', `must be empty, "None" or a valid IP address, got "${ip}"`, spec, 'clusterIP');
  const ips = spec.clusterIPs ?? [];
  if (ips.length > 2) ctx.error('spec.clusterIPs', 'may hold at most two IPs, one per family', spec, 'clusterIPs');
  ips.forEach((x, i) => {
    if (x !== 'None' && !isIP(x)) ctx.error(`spec.clusterIPs[${i}]`, `must be "None" or a valid IP address, got "${x}"`, ips, i);
  });
  if (ip && ips.length > 0 && ips[0] !== ip) ctx.error('spec.clusterIPs[0]', `must match spec.clusterIP "${ip}"`, ips, 0);
  (spec.externalIPs ?? []).forEach((x, i) => {
    if (!isIP(x)) ctx.error(`spec.externalIPs[${i}]`, `must be a valid IP address, got "${x}"`, spec.externalIPs, i);
  });
  if (spec.loadBalancerIP && !isIP(spec.loadBalancerIP)) ctx.error('spec.loadBalancerIP', `must be a valid IP address, got "${spec.loadBalancerIP}"`, spec, 'loadBalancerIP');
  (spec.loadBalancerSourceRanges ?? []).forEach((x, i) => {
    const e = x.includes('/') ? validateIPOrCIDR(x) : `"${x}" must be a CIDR such as 10.0.0.0/8`;
    if (e) ctx.error(`spec.loadBalancerSourceRanges[${i}]`, e, spec.loadBalancerSourceRanges, i);
  });
  const families = spec.ipFamilies ?? [];
  if (families.length > 2 || new Set(families).size !== families.length) ctx.error('spec.ipFamilies', 'may list IPv4 and IPv6 at most once each', spec, 'ipFamilies');
  if (spec.ipFamilyPolicy === 'SingleStack' && families.length > 1) ctx.error('spec.ipFamilies', 'must hold one family when ipFamilyPolicy is SingleStack', spec, 'ipFamilies');
  if (type === 'ExternalName' && ip && ip !== 'None') ctx.error('spec.clusterIP', 'may not be set for ExternalName Services', spec, 'clusterIP');
}

function checkTypeSpecific(spec: ServiceSpec, type: string, ctx: ValidationContext): void {
  if (type === 'ExternalName') {
    if (!spec.externalName) ctx.error('spec.externalName', 'an ExternalName Service needs externalName, the DNS name it aliases', spec, 'type');
    else {
      const e = dns1123SubdomainProblem(spec.externalName.replace(/\.$/, ''));
      if (e) ctx.error('spec.externalName', e, spec, 'externalName');
    }
  } else if (spec.externalName) {
    ctx.warn('spec.externalName', `is ignored unless type is ExternalName (type is ${type})`, spec, 'externalName');
  }
  const external = type === 'NodePort' || type === 'LoadBalancer';
  if (spec.externalTrafficPolicy && !external) ctx.error('spec.externalTrafficPolicy', `may only be set for NodePort and LoadBalancer Services (type is ${type})`, spec, 'externalTrafficPolicy');
  if ((spec.loadBalancerSourceRanges?.length ?? 0) > 0 && type !== 'LoadBalancer') {
    ctx.error('spec.loadBalancerSourceRanges', `may only be used when type is 'LoadBalancer' (type is ${type})`, spec, 'loadBalancerSourceRanges');
  }
  if (spec.healthCheckNodePort && !(type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')) {
    ctx.error('spec.healthCheckNodePort', 'may only be set when type is LoadBalancer and externalTrafficPolicy is Local', spec, 'healthCheckNodePort');
  }
  if (spec.sessionAffinityConfig && spec.sessionAffinity !== 'ClientIP') {
    ctx.error('spec.sessionAffinityConfig', 'must not be set unless sessionAffinity is ClientIP', spec, 'sessionAffinityConfig');
  }
}

/** Istio skips its own control-plane Services (labels `istio` or `release: istio`) when checking port names. */
function isIstioControlPlane(r: Resource): boolean {
  const labels = r.metadata.labels;
  return Object.prototype.hasOwnProperty.call(labels, 'istio') || labels.release === 'istio';
}

function checkIstioPortNames(spec: ServiceSpec, ctx: ValidationContext): void {
  (spec.ports ?? []).forEach((p, i) => {
    if (servicePortProtocol(p.port, p.name, p.protocol, p.appProtocol) !== undefined) return;
    const what = p.name ? `port name "${p.name}"` : `unnamed port ${p.port}`;
    ctx.warn(`spec.ports[${i}].name`, `${what} does not follow Istio's <protocol>[-<suffix>] naming and has no appProtocol; its protocol will be sniffed`, p.name !== undefined ? p : spec.ports, p.name !== undefined ? 'name' : i);
  });
}
