/**
 * The components an IstioOperator spec installs: its profile merged with the user's spec, then
 * each component's enablement (listed components default to enabled) and namespace resolved.
 * Seed 004: `profile: empty` plus one enabled ingress gateway installs just that gateway, and
 * `spec.namespace` or the gateway's own `namespace` places it outside istio-system.
 */
import type { IstioOperatorSpec, KubernetesResources } from '../api/install/istio-operator.ts';
import { DEFAULT_ISTIO_NAMESPACE, mergeSpec, profileSpec } from './profiles.ts';

export type ComponentName = 'base' | 'pilot' | 'cni' | 'ztunnel' | 'ingressGateways' | 'egressGateways';

export interface InstalledComponent {
  component: ComponentName;
  /** Name of the rendered workload: `istiod`, `istio-cni-node`, `ztunnel`, the gateway's name; `base` for base. */
  name: string;
  namespace: string;
  label: Record<string, string>;
  k8s?: KubernetesResources;
  hub?: string;
  tag?: string | number;
}

interface ComponentInfo {
  component: ComponentName;
  resourceName: string;
  /** Installed when the spec does not mention it. */
  byDefault: boolean;
  multi: boolean;
  /** A `values` path that force-enables the component. */
  altEnablement?: readonly string[];
}

const COMPONENTS: readonly ComponentInfo[] = [
  { component: 'base', resourceName: 'base', byDefault: true, multi: false },
  { component: 'pilot', resourceName: 'istiod', byDefault: true, multi: false },
  { component: 'ingressGateways', resourceName: 'istio-ingressgateway', byDefault: true, multi: true, altEnablement: ['gateways', 'istio-ingressgateway', 'enabled'] },
  { component: 'egressGateways', resourceName: 'istio-egressgateway', byDefault: false, multi: true, altEnablement: ['gateways', 'istio-egressgateway', 'enabled'] },
  { component: 'cni', resourceName: 'istio-cni-node', byDefault: false, multi: false },
  { component: 'ztunnel', resourceName: 'ztunnel', byDefault: false, multi: false },
];

function at(o: unknown, path: readonly string[]): unknown {
  let v = o;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** The spec istioctl would render: the profile's spec with the user's merged on top. Undefined for an unknown profile. */
export function mergedSpec(spec: IstioOperatorSpec): IstioOperatorSpec | undefined {
  const base = profileSpec(spec.profile || 'default');
  if (!base) return undefined;
  return mergeSpec(base, spec as Record<string, unknown>) as IstioOperatorSpec;
}

/** Every component the spec installs, in install order, or undefined when the profile is unknown. */
export function installedComponents(spec: IstioOperatorSpec): InstalledComponent[] | undefined {
  const merged = mergedSpec(spec);
  if (!merged) return undefined;
  const defaultNamespace = spec.namespace || (at(spec.values, ['global', 'istioNamespace']) as string | undefined) || DEFAULT_ISTIO_NAMESPACE;
  const out: InstalledComponent[] = [];
  for (const info of COMPONENTS) {
    const forced = info.altEnablement !== undefined && at(merged.values, info.altEnablement) === true;
    const raw = at(merged.components, [info.component]) as Record<string, unknown> | Record<string, unknown>[] | undefined;
    const entries = raw === undefined ? (info.byDefault || forced ? [{}] : []) : info.multi ? (raw as Record<string, unknown>[]) : [raw as Record<string, unknown>];
    for (const e of entries) {
      if (e.enabled === false && !forced) continue;
      out.push({
        component: info.component,
        name: (info.multi && typeof e.name === 'string' && e.name) || info.resourceName,
        namespace: (typeof e.namespace === 'string' && e.namespace) || defaultNamespace,
        label: (e.label as Record<string, string> | undefined) ?? {},
        k8s: e.k8s as KubernetesResources | undefined,
        hub: (e.hub as string | undefined) ?? merged.hub,
        tag: (e.tag as string | number | undefined) ?? (merged.tag as string | number | undefined),
      });
    }
  }
  return out;
}
