/**
 * The installation profiles of `istioctl install --set profile=NAME` (istio/istio
 * manifests/profiles): which components each enables, in which namespace, and the Helm values it
 * sets. Every profile is an overlay on `default`, merged the way istioctl merges IstioOperator
 * specs (maps merge key by key, lists and scalars are replaced).
 */

export const PROFILE_NAMES = ['default', 'demo', 'minimal', 'remote', 'empty', 'preview', 'stable', 'ambient', 'openshift', 'openshift-ambient'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';

/** A profile as an IstioOperator `spec` fragment (JSON-like data). */
export type SpecOverlay = Record<string, unknown>;

const gateway = (name: string, enabled: boolean): Record<string, unknown> => ({ name, enabled });

const DEFAULT: SpecOverlay = {
  hub: 'docker.io/istio',
  components: {
    base: { enabled: true },
    pilot: { enabled: true },
    ingressGateways: [gateway('istio-ingressgateway', true)],
    egressGateways: [gateway('istio-egressgateway', false)],
  },
  values: {
    defaultRevision: '',
    global: { istioNamespace: DEFAULT_ISTIO_NAMESPACE, configValidation: true },
    gateways: { 'istio-ingressgateway': {}, 'istio-egressgateway': {} },
    ztunnel: { resourceName: 'ztunnel' },
  },
};

/** Each profile's own overlay on top of `default`. */
const OVERLAYS: Readonly<Record<ProfileName, SpecOverlay>> = {
  default: {},
  demo: { components: { egressGateways: [gateway('istio-egressgateway', true)] }, values: { profile: 'demo' } },
  minimal: { components: { ingressGateways: [gateway('istio-ingressgateway', false)] } },
  remote: { components: { base: { enabled: true }, pilot: { enabled: true }, ingressGateways: [gateway('istio-ingressgateway', false)] }, values: { profile: 'remote' } },
  empty: { components: { base: { enabled: false }, pilot: { enabled: false }, ingressGateways: [gateway('istio-ingressgateway', false)] } },
  preview: { values: { profile: 'preview' } },
  stable: { values: { profile: 'stable' } },
  ambient: { components: { cni: { enabled: true }, ztunnel: { enabled: true }, ingressGateways: [gateway('istio-ingressgateway', false)] }, values: { profile: 'ambient' } },
  openshift: { components: { cni: { enabled: true, namespace: 'kube-system' } }, values: { global: { platform: 'openshift' } } },
  'openshift-ambient': {
    components: { cni: { enabled: true, namespace: 'kube-system' }, ztunnel: { enabled: true, namespace: 'kube-system' }, ingressGateways: [gateway('istio-ingressgateway', false)] },
    values: { profile: 'ambient', global: { platform: 'openshift' } },
  },
};

export const PROFILE_DESCRIPTIONS: Readonly<Record<ProfileName, string>> = {
  default: 'istiod and an ingress gateway; recommended for production',
  demo: 'default plus an egress gateway; for trying Istio out',
  minimal: 'istiod only, no gateways',
  remote: 'a remote cluster managed by an external control plane',
  empty: 'nothing; a base to enable single components on',
  preview: 'default plus experimental features',
  stable: 'default with only stable features',
  ambient: 'istiod, CNI and ztunnel for ambient mode, no gateways',
  openshift: 'default with CNI, for OpenShift',
  'openshift-ambient': 'ambient mode on OpenShift',
};

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** istioctl's merge: `over` onto `base` in place; maps merge recursively, everything else replaces. */
export function mergeSpec(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = base[k];
    if (isMap(v) && isMap(b)) mergeSpec(b, v);
    else base[k] = clone(v);
  }
  return base;
}

/** The full spec a profile stands for (`default` merged with the profile's overlay); undefined for unknown names. */
export function profileSpec(name: string = 'default'): SpecOverlay | undefined {
  if (!isProfileName(name)) return undefined;
  return mergeSpec(clone(DEFAULT), OVERLAYS[name]);
}
