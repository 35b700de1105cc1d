/**
 * networking.istio.io/v1beta1 ProxyConfig: per-workload proxy settings — worker concurrency,
 * environment variables and image type — for the mesh, a namespace or selected workloads.
 * Every field of istio/api networking/v1beta1/proxy_config.proto.
 */
import { int, obj, str, stringMap, type Infer } from '../schema.ts';
import { workloadSelector } from './destination-rule.ts';

export const proxyImage = obj({ imageType: str() }, { name: 'istio.networking.v1beta1.ProxyImage' });

export const proxyConfigSpec = obj(
  {
    selector: workloadSelector,
    concurrency: int({ min: -2147483648, max: 2147483647 }),
    environmentVariables: stringMap,
    image: proxyImage,
  },
  { name: 'istio.networking.v1beta1.ProxyConfig' },
);

export type ProxyImage = Infer<typeof proxyImage>;
export type ProxyConfig = Infer<typeof proxyConfigSpec>;
