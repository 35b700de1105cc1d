/**
 * install.istio.io/v1alpha1 IstioOperator: what `istioctl install` renders — a profile, image
 * hub/tag, revision, mesh config, the components to enable (base, pilot, cni, ztunnel, gateways)
 * with their Kubernetes settings, and Helm value overrides. Field names and nesting follow
 * IstioOperatorSpec in istio/istio operator/pkg/apis/types.go; istioctl decodes it with unknown
 * fields disallowed, and so do we. `meshConfig`, `values` and the Kubernetes sub-objects of `k8s`
 * pass through unchecked here.
 */
import { any, bool, deprecated, list, obj, str, stringMap, uint32, type Infer } from '../schema.ts';

export const k8sOverlayPatch = obj({ path: str(), value: any() }, { name: 'install.istio.io.Patch' });

export const k8sOverlay = obj(
  {
    apiVersion: str(),
    kind: str(),
    name: str(),
    patches: list(k8sOverlayPatch),
  },
  { name: 'install.istio.io.KubernetesOverlay' },
);

/** Kubernetes settings of a component's Deployment/DaemonSet, Service, HPA and PDB. */
export const kubernetesResources = obj(
  {
    affinity: any(),
    env: list(any()),
    hpaSpec: any(),
    imagePullPolicy: str(),
    nodeSelector: stringMap,
    podDisruptionBudget: any(),
    podAnnotations: stringMap,
    priorityClassName: str(),
    readinessProbe: any(),
    replicaCount: uint32(),
    resources: any(),
    service: any(),
    strategy: any(),
    tolerations: list(any()),
    serviceAnnotations: stringMap,
    securityContext: any(),
    volumes: list(any()),
    volumeMounts: list(any()),
    overlays: list(k8sOverlay),
  },
  { name: 'install.istio.io.KubernetesResources' },
);

export const baseComponentSpec = obj(
  {
    enabled: bool(),
    k8s: kubernetesResources,
  },
  { name: 'install.istio.io.BaseComponentSpec' },
);

const componentFields = {
  enabled: bool(),
  namespace: str(),
  hub: str(),
  /** A string or a number (`tag: 1.24` has always been accepted). */
  tag: any(),
  k8s: kubernetesResources,
} as const;

export const componentSpec = obj(componentFields, { name: 'install.istio.io.ComponentSpec' });

export const gatewayComponentSpec = obj(
  {
    ...componentFields,
    name: str(),
    label: stringMap,
  },
  { name: 'install.istio.io.GatewayComponentSpec' },
);

export const istioComponentSpec = obj(
  {
    base: baseComponentSpec,
    pilot: componentSpec,
    cni: componentSpec,
    ztunnel: componentSpec,
    istiodRemote: deprecated(componentSpec, 'the istiod-remote component was removed; use profile "remote", which installs istiod with istiodRemote enabled'),
    ingressGateways: list(gatewayComponentSpec),
    egressGateways: list(gatewayComponentSpec),
  },
  { name: 'install.istio.io.IstioComponentSpec' },
);

export const istioOperatorSpec = obj(
  {
    profile: str(),
    installPackagePath: str(),
    hub: str(),
    tag: any(),
    namespace: str(),
    revision: str(),
    compatibilityVersion: str(),
    meshConfig: any(),
    components: istioComponentSpec,
    values: any(),
    unvalidatedValues: any(),
  },
  { name: 'install.istio.io.IstioOperatorSpec' },
);

export type KubernetesOverlay = Infer<typeof k8sOverlay>;
export type KubernetesResources = Infer<typeof kubernetesResources>;
export type BaseComponentSpec = Infer<typeof baseComponentSpec>;
export type ComponentSpec = Infer<typeof componentSpec>;
export type GatewayComponentSpec = Infer<typeof gatewayComponentSpec>;
export type IstioComponentSpec = Infer<typeof istioComponentSpec>;
/** The `spec` of an IstioOperator. */
export type IstioOperatorSpec = Infer<typeof istioOperatorSpec>;
