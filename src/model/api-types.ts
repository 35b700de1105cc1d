/**
 * The Istio and Kubernetes resource shapes the control plane reads, in proto3 JSON names
 * (istio/api): the Istio kinds re-exported from their schemas under src/api/, and narrow views
 * of the Kubernetes object bodies (Service, Endpoints, EndpointSlice, Pod, Deployment) and of
 * MeshConfig as registry/, model/ and generate/ read them.
 */

export type {
  StringMatch,
  PortSelector,
  Destination,
  HeaderOperations,
  Headers,
  HTTPRouteDestination,
  RouteDestination,
  HTTPMatchRequest,
  HTTPRewrite,
  HTTPRedirect,
  HTTPDirectResponse,
  Percent,
  HTTPRetry,
  HTTPFaultInjection,
  CorsPolicy,
  HTTPMirrorPolicy,
  Delegate,
  HTTPRoute,
  TLSMatchAttributes,
  L4MatchAttributes,
  TLSRoute,
  TCPRoute,
  VirtualService,
} from '../api/networking/virtual-service.ts';
export type { Port, ServerTLSSettings, Server, Gateway } from '../api/networking/gateway.ts';
import type { HTTPRetry } from '../api/networking/virtual-service.ts';
export type {
  ConsistentHashLB,
  LocalityLoadBalancerSetting,
  LoadBalancerSettings,
  ConnectionPoolSettings,
  OutlierDetection,
  ClientTLSSettings,
  PortTrafficPolicy,
  TrafficPolicy,
  Subset,
  DestinationRule,
} from '../api/networking/destination-rule.ts';
export type { ServicePort, ServiceEntry } from '../api/networking/service-entry.ts';
export type { WorkloadEntry } from '../api/networking/workload-entry.ts';
export type { WorkloadGroup } from '../api/networking/workload-group.ts';
export type { IstioEgressListener, Sidecar } from '../api/networking/sidecar.ts';

// ---------- Kubernetes ----------

export interface K8sServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface K8sServiceSpec {
  ports?: K8sServicePort[];
  selector?: Record<string, string>;
  clusterIP?: string;
  clusterIPs?: string[];
  type?: string;
  externalName?: string;
  externalIPs?: string[];
}

export interface K8sEndpointAddress {
  ip: string;
  hostname?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string };
}

export interface K8sEndpointsBody {
  subsets?: { addresses?: K8sEndpointAddress[]; notReadyAddresses?: K8sEndpointAddress[]; ports?: { name?: string; port: number; protocol?: string }[] }[];
}

export interface K8sEndpointSliceBody {
  addressType?: string;
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean }; targetRef?: { kind?: string; name?: string; namespace?: string }; zone?: string }[];
  ports?: { name?: string; port?: number; protocol?: string; appProtocol?: string }[];
}

export interface K8sContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface K8sPodBody {
  spec?: { containers?: { name?: string; ports?: K8sContainerPort[] }[]; serviceAccountName?: string; nodeName?: string };
  status?: { podIP?: string; podIPs?: { ip: string }[]; phase?: string };
}

export interface K8sDeploymentBody {
  spec?: { selector?: { matchLabels?: Record<string, string> }; template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: K8sPodBody['spec'] } };
}

/** Mesh-wide settings from the `mesh` key of ConfigMap istio / istio-mesh-cm. */
export interface MeshConfigInput {
  rootNamespace?: string;
  trustDomain?: string;
  outboundTrafficPolicy?: { mode?: 'REGISTRY_ONLY' | 'ALLOW_ANY' };
  accessLogFile?: string;
  accessLogEncoding?: 'TEXT' | 'JSON';
  accessLogFormat?: string;
  enableTracing?: boolean;
  defaultConfig?: Record<string, unknown>;
  defaultHttpRetryPolicy?: HTTPRetry;
  connectTimeout?: string;
  ingressService?: string;
  ingressSelector?: string;
  extensionProviders?: unknown[];
  defaultProviders?: unknown;
  pathNormalization?: { normalization?: 'DEFAULT' | 'NONE' | 'BASE' | 'MERGE_SLASHES' | 'DECODE_AND_MERGE_SLASHES' };
}
