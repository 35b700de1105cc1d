/**
 * Helm `values` of an IstioOperator that istioctl still reads but has deprecated (istio/istio
 * operator/pkg/apis/values_types.proto fields marked deprecated), each with what replaces it.
 */

const K8S = (component: string, field: string): string => `set it under components.${component}.k8s.${field} instead`;

const gatewayFields = (values: string, component: string): [string, string][] => [
  [`gateways.${values}.cpu`, K8S(component, 'hpaSpec')],
  [`gateways.${values}.memory`, K8S(component, 'hpaSpec')],
  [`gateways.${values}.nodeSelector`, K8S(component, 'nodeSelector')],
  [`gateways.${values}.podAnnotations`, K8S(component, 'podAnnotations')],
  [`gateways.${values}.podAntiAffinityLabelSelector`, K8S(component, 'affinity')],
  [`gateways.${values}.podAntiAffinityTermLabelSelector`, K8S(component, 'affinity')],
  [`gateways.${values}.resources`, K8S(component, 'resources')],
  [`gateways.${values}.rollingMaxSurge`, K8S(component, 'strategy')],
  [`gateways.${values}.rollingMaxUnavailable`, K8S(component, 'strategy')],
  [`gateways.${values}.tolerations`, K8S(component, 'tolerations')],
];

/** `values` path (dots; gateway keys contain dashes) → replacement advice. */
export const DEPRECATED_VALUES: ReadonlyMap<string, string> = new Map<string, string>([
  ['global.arch', 'replaced by the affinity k8s settings; use components.<component>.k8s.affinity'],
  ['global.defaultNodeSelector', 'set nodeSelector per component under components.<component>.k8s.nodeSelector'],
  ['global.defaultResources', 'set resources per component under components.<component>.k8s.resources'],
  ['global.defaultTolerations', 'set tolerations per component under components.<component>.k8s.tolerations'],
  ['global.priorityClassName', 'set it per component under components.<component>.k8s.priorityClassName'],
  ['global.jwtPolicy', 'it has no effect; remove it'],
  ['global.proxy.enableCoreDump', 'it may be removed in a future release'],
  ['global.proxy.resources', 'set sidecar resources with the sidecar.istio.io/proxyCPU and sidecar.istio.io/proxyMemory pod annotations (and their Limit variants)'],
  ['global.proxy.holdApplicationUntilProxyStarts', 'replaced by the ProxyConfig setting meshConfig.defaultConfig.holdApplicationUntilProxyStarts, which also works per pod'],
  ['global.proxy_init.resources', 'it may be removed in a future release'],
  ['global.sds.token', 'it may be removed in a future release'],
  ['pilot.replicaCount', K8S('pilot', 'replicaCount')],
  ['pilot.resources', K8S('pilot', 'resources')],
  ['pilot.cpu', K8S('pilot', 'hpaSpec')],
  ['pilot.memory', K8S('pilot', 'hpaSpec')],
  ['pilot.nodeSelector', K8S('pilot', 'nodeSelector')],
  ['pilot.rollingMaxSurge', K8S('pilot', 'strategy')],
  ['pilot.rollingMaxUnavailable', K8S('pilot', 'strategy')],
  ['pilot.tolerations', K8S('pilot', 'tolerations')],
  ['pilot.podAnnotations', K8S('pilot', 'podAnnotations')],
  ['cni.podAnnotations', K8S('cni', 'podAnnotations')],
  ['cni.logLevel', 'set the log level with global.logging.level (for example cni:debug)'],
  ['cni.privileged', 'it is no longer used for CNI; remove it'],
  ['cni.repair.createEvents', 'it is no longer used; remove it'],
  ['istio_cni', 'enable CNI with components.cni.enabled'],
  ['istiodRemote', 'the istiod-remote chart was removed; use profile "remote", or values.pilot.istiodRemote'],
  ...gatewayFields('istio-ingressgateway', 'ingressGateways[]'),
  ['gateways.istio-ingressgateway.replicaCount', K8S('ingressGateways[]', 'replicaCount')],
  ...gatewayFields('istio-egressgateway', 'egressGateways[]'),
]);

/** Every deprecated path set in `values`, with its advice. */
export function deprecatedValuesIn(values: unknown): { path: string; holder: Record<string, unknown>; key: string; advice: string }[] {
  const out: { path: string; holder: Record<string, unknown>; key: string; advice: string }[] = [];
  for (const [path, advice] of DEPRECATED_VALUES) {
    const parts = path.split('.');
    let holder: unknown = values;
    for (const p of parts.slice(0, -1)) holder = holder !== null && typeof holder === 'object' ? (holder as Record<string, unknown>)[p] : undefined;
    const key = parts[parts.length - 1];
    if (holder !== null && typeof holder === 'object' && !Array.isArray(holder) && (holder as Record<string, unknown>)[key] !== undefined) {
      out.push({ path, holder: holder as Record<string, unknown>, key, advice });
    }
  }
  return out;
}
