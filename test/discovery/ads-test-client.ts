/**
 * A hand-driven ADS client for protocol tests: raw @grpc/grpc-js streams on which a test sends each
 * DiscoveryRequest itself and awaits each response, so ACK/NACK/nonce behaviour is visible.
 */
import * as grpc from '@grpc/grpc-js';
import { decodeResource } from '../../src/envoy/proto.ts';
import type { Node } from '../../src/envoy/types.ts';
import { adsServiceDefinition, type DeltaDiscoveryRequest, type DeltaDiscoveryResponse, type DiscoveryRequest, type DiscoveryResponse } from '../../src/envoy/xds-wire.ts';

const AdsClient = grpc.makeGenericClientConstructor(adsServiceDefinition(), 'AggregatedDiscoveryService');

export class RawStream<Req, Res> {
  readonly #queue: Res[] = [];
  readonly #waiters: ((r: Res) => void)[] = [];
  readonly status: Promise<grpc.StatusObject>;

  constructor(private readonly call: grpc.ClientDuplexStream<Req, Res>) {
    call.on('data', (r: Res) => {
      const w = this.#waiters.shift();
      if (w) w(r);
      else this.#queue.push(r);
    });
    this.status = new Promise((resolve) => call.on('status', resolve));
    call.on('error', () => {});
  }

  send(req: Req): void {
    this.call.write(req);
  }

  /** The next response (fails after `ms`). */
  next(ms = 3000): Promise<Res> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response within ${ms} ms`)), ms);
      this.#waiters.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  /** Responses received but not yet taken. */
  get pending(): number {
    return this.#queue.length;
  }

  end(): void {
    this.call.end();
  }

  cancel(): void {
    this.call.cancel();
  }
}

export class TestAdsClient {
  readonly #client: grpc.Client & Record<string, (...a: unknown[]) => unknown>;

  constructor(address: string) {
    this.#client = new AdsClient(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }) as never;
  }

  sotw(): RawStream<DiscoveryRequest, DiscoveryResponse> {
    return new RawStream(this.#client.StreamAggregatedResources() as grpc.ClientDuplexStream<DiscoveryRequest, DiscoveryResponse>);
  }

  delta(): RawStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> {
    return new RawStream(this.#client.DeltaAggregatedResources() as grpc.ClientDuplexStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>);
  }

  close(): void {
    this.#client.close();
  }
}

export function node(id = 'router~10.0.0.1~istio-ingressgateway-abc.istio-system~istio-system.svc.cluster.local', labels: Record<string, string> = { istio: 'ingressgateway' }): Node {
  return { id, metadata: { LABELS: labels, NAMESPACE: id.split('~')[2].split('.')[1] ?? 'default', CLUSTER_ID: 'Kubernetes', ISTIO_VERSION: 'sextant-test' } };
}

export function request(typeUrl: string, fields: Partial<DiscoveryRequest> = {}): DiscoveryRequest {
  return { versionInfo: '', resourceNames: [], typeUrl, responseNonce: '', ...fields };
}

export function ack(res: DiscoveryResponse, resourceNames: string[] = []): DiscoveryRequest {
  return { versionInfo: res.versionInfo, resourceNames, typeUrl: res.typeUrl, responseNonce: res.nonce };
}

export function deltaRequest(typeUrl: string, fields: Partial<DeltaDiscoveryRequest> = {}): DeltaDiscoveryRequest {
  return { typeUrl, resourceNamesSubscribe: [], resourceNamesUnsubscribe: [], initialResourceVersions: {}, responseNonce: '', ...fields };
}

/** The resources of a response, decoded to proto3 JSON. */
export function decoded<T = Record<string, unknown>>(res: DiscoveryResponse): T[] {
  return res.resources.map((a) => decodeResource<T>(a.typeUrl, a.value));
}

export function names(res: DiscoveryResponse): string[] {
  return decoded<{ name?: string; clusterName?: string }>(res).map((r) => r.name ?? r.clusterName ?? '');
}
