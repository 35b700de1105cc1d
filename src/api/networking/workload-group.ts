/**
 * networking.istio.io WorkloadGroup: the template from which WorkloadEntries of auto-registered
 * VMs are made — metadata to stamp on them, a WorkloadEntry template (without address) and a
 * readiness probe (httpGet, tcpSocket, exec or grpc). Every field of istio/api
 * networking/v1alpha3/workload_group.proto.
 */
import { int, list, obj, required, str, stringList, stringMap, uint32, type Infer } from '../schema.ts';
import { workloadEntrySpec } from './workload-entry.ts';

const int32 = (): ReturnType<typeof int> => int({ min: -2147483648, max: 2147483647 });

export const PROBE_METHODS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;

export const workloadGroupObjectMeta = obj({ labels: stringMap, annotations: stringMap }, { name: 'istio.networking.v1.WorkloadGroup.ObjectMeta' });

export const probeHttpHeader = obj({ name: str(), value: str() }, { name: 'istio.networking.v1.HTTPHeader' });

export const httpHealthCheckConfig = obj(
  { path: str(), port: required(uint32()), host: str(), scheme: str(), httpHeaders: list(probeHttpHeader) },
  { name: 'istio.networking.v1.HTTPHealthCheckConfig' },
);

export const tcpHealthCheckConfig = obj({ host: str(), port: required(uint32()) }, { name: 'istio.networking.v1.TCPHealthCheckConfig' });

export const execHealthCheckConfig = obj({ command: required(stringList) }, { name: 'istio.networking.v1.ExecHealthCheckConfig' });

export const grpcHealthCheckConfig = obj({ port: uint32(), service: str() }, { name: 'istio.networking.v1.GrpcHealthCheckConfig' });

export const readinessProbe = obj(
  {
    initialDelaySeconds: int32(),
    timeoutSeconds: int32(),
    periodSeconds: int32(),
    successThreshold: int32(),
    failureThreshold: int32(),
    httpGet: httpHealthCheckConfig,
    tcpSocket: tcpHealthCheckConfig,
    exec: execHealthCheckConfig,
    grpc: grpcHealthCheckConfig,
  },
  { name: 'istio.networking.v1.ReadinessProbe', oneof: [PROBE_METHODS] },
);

export const workloadGroupSpec = obj(
  { metadata: workloadGroupObjectMeta, template: required(workloadEntrySpec), probe: readinessProbe },
  { name: 'istio.networking.v1.WorkloadGroup' },
);

export type ReadinessProbe = Infer<typeof readinessProbe>;
export type HTTPHealthCheckConfig = Infer<typeof httpHealthCheckConfig>;
export type WorkloadGroup = Infer<typeof workloadGroupSpec>;
