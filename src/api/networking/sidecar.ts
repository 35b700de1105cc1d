/**
 * networking.istio.io Sidecar: the ingress and egress listeners of the workloads it selects,
 * the hosts they may reach (`namespace/host`), inbound connection pools and the outbound
 * traffic policy. Every field of istio/api networking/v1alpha3/sidecar.proto, proto3 JSON names.
 */
import { deprecated, enumOf, list, obj, required, str, stringList, stringMap, uint32, type Infer } from '../schema.ts';
import { connectionPoolSettings } from './destination-rule.ts';
import { serverTlsSettings } from './gateway.ts';
import { destination } from './virtual-service.ts';

export const CAPTURE_MODES = ['DEFAULT', 'IPTABLES', 'NONE'] as const;
export const OUTBOUND_TRAFFIC_POLICY_MODES = ['REGISTRY_ONLY', 'ALLOW_ANY'] as const;

export const sidecarPort = obj(
  {
    number: uint32(),
    protocol: str(),
    name: str(),
    targetPort: deprecated(uint32(), 'targetPort is ignored on Sidecar listeners'),
  },
  { name: 'istio.networking.v1.SidecarPort' },
);

export const istioIngressListener = obj(
  {
    port: required(sidecarPort),
    bind: str(),
    captureMode: enumOf(CAPTURE_MODES),
    defaultEndpoint: str(),
    tls: serverTlsSettings,
    connectionPool: connectionPoolSettings,
  },
  { name: 'istio.networking.v1.IstioIngressListener' },
);

export const istioEgressListener = obj(
  {
    port: sidecarPort,
    bind: str(),
    captureMode: enumOf(CAPTURE_MODES),
    hosts: required(stringList),
  },
  { name: 'istio.networking.v1.IstioEgressListener' },
);

/** Sidecar's and EnvoyFilter's workload selector: `labels`. */
export const workloadSelector = obj({ labels: stringMap }, { name: 'istio.networking.v1.WorkloadSelector' });

export const outboundTrafficPolicy = obj(
  {
    mode: enumOf(OUTBOUND_TRAFFIC_POLICY_MODES),
    egressProxy: destination,
  },
  { name: 'istio.networking.v1.OutboundTrafficPolicy' },
);

export const sidecarSpec = obj(
  {
    workloadSelector,
    ingress: list(istioIngressListener),
    egress: list(istioEgressListener),
    inboundConnectionPool: connectionPoolSettings,
    outboundTrafficPolicy,
  },
  { name: 'istio.networking.v1.Sidecar' },
);

export type SidecarPort = Infer<typeof sidecarPort>;
export type IstioIngressListener = Infer<typeof istioIngressListener>;
export type IstioEgressListener = Infer<typeof istioEgressListener>;
export type WorkloadSelector = Infer<typeof workloadSelector>;
export type OutboundTrafficPolicy = Infer<typeof outboundTrafficPolicy>;
export type Sidecar = Infer<typeof sidecarSpec>;
