/**
 * The xDS wire messages (envoy.service.discovery.v3: DiscoveryRequest/Response, Delta…) as small TS
 * objects, their protobuf encoding, and the AggregatedDiscoveryService definition for @grpc/grpc-js
 * — one implementation shared by the ADS server (src/discovery) and the proxy's client
 * (src/proxy/xds). Resources travel pre-encoded (PackedAny), so a push encodes each resource once.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import type { PackedAny } from './proto.ts';
import { messageToJson } from './proto-json.ts';
import { messageType } from './proto-root.ts';
import type { Node } from './types.ts';

export interface RpcStatus {
  code: number;
  message: string;
}

export interface DiscoveryRequest {
  versionInfo: string;
  node?: Node;
  resourceNames: string[];
  typeUrl: string;
  responseNonce: string;
  errorDetail?: RpcStatus;
}

export interface DiscoveryResponse {
  versionInfo: string;
  resources: PackedAny[];
  typeUrl: string;
  nonce: string;
  controlPlane?: { identifier: string };
  /**
   * Server side only: every field but the nonce, already encoded (xdsWire.encodeResponseBody).
   * A push sends the same body to every proxy of a shape, so it is encoded once.
   */
  body?: Uint8Array;
  /**
   * Server side only: the whole response, nonce included, already encoded (xdsWire.encodeResponse)
   * and shared by every stream sent the same response; it is written as is.
   */
  encoded?: Buffer;
}

export interface DeltaDiscoveryRequest {
  node?: Node;
  typeUrl: string;
  resourceNamesSubscribe: string[];
  resourceNamesUnsubscribe: string[];
  initialResourceVersions: Record<string, string>;
  responseNonce: string;
  errorDetail?: RpcStatus;
}

export interface DeltaResource {
  name: string;
  version: string;
  resource: PackedAny;
}

export interface DeltaDiscoveryResponse {
  systemVersionInfo: string;
  resources: DeltaResource[];
  typeUrl: string;
  removedResources: string[];
  nonce: string;
  controlPlane?: { identifier: string };
  /** Server side only: every field but the nonce, already encoded (xdsWire.encodeDeltaResponseBody) and shared. */
  body?: Uint8Array;
}

const PKG = 'envoy.service.discovery.v3';
const types = new Map<string, protobuf.Type>();
function t(name: string): protobuf.Type {
  let x = types.get(name);
  if (!x) types.set(name, (x = messageType(`${PKG}.${name}`)));
  return x;
}

type Raw = Record<string, any>;

function decodeRaw(name: string, bytes: Uint8Array): Raw {
  return t(name).decode(bytes) as unknown as Raw;
}

function encodeRaw(name: string, obj: Raw): Buffer {
  const type = t(name);
  const u8 = type.encode(type.fromObject(obj)).finish();
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

function nodeOf(raw: Raw): Node | undefined {
  return raw.node ? (messageToJson(messageType('envoy.config.core.v3.Node'), raw.node) as Node) : undefined;
}

function statusOf(raw: Raw): RpcStatus | undefined {
  return raw.error_detail ? { code: raw.error_detail.code ?? 0, message: raw.error_detail.message ?? '' } : undefined;
}

function nodeRaw(node: Node | undefined): Raw | undefined {
  if (!node) return undefined;
  const metadata = node.metadata ? { fields: Object.fromEntries(Object.entries(node.metadata).map(([k, v]) => [k, toValue(v)])) } : undefined;
  const locality = node.locality && { region: node.locality.region, zone: node.locality.zone, sub_zone: node.locality.subZone };
  return { id: node.id, cluster: node.cluster, metadata, locality, user_agent_name: node.userAgentName, user_agent_version: node.userAgentVersion };
}

function toValue(v: unknown): Raw {
  if (v === null || v === undefined) return { nullValue: 0 };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } };
  return { structValue: { fields: Object.fromEntries(Object.entries(v as Raw).map(([k, x]) => [k, toValue(x)])) } };
}

const anyRaw = (a: PackedAny) => ({ type_url: a.typeUrl, value: a.value });
const anyOf = (raw: Raw): PackedAny => ({ typeUrl: raw.type_url ?? '', value: raw.value ?? new Uint8Array() });

/** DiscoveryResponse.nonce / DeltaDiscoveryResponse.nonce (field 5 in both, length-delimited) on its own. */
function nonceField(nonce: string): Buffer {
  const text = Buffer.from(nonce, 'utf8');
  const len: number[] = [];
  for (let n = text.length; ; n >>>= 7) {
    if (n < 0x80) {
      len.push(n);
      break;
    }
    len.push((n & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from([(5 << 3) | 2, ...len]), text]);
}

function deltaRaw(res: Omit<DeltaDiscoveryResponse, 'nonce' | 'body'>, nonce?: string): Raw {
  return { system_version_info: res.systemVersionInfo, resources: res.resources.map((x) => ({ name: x.name, version: x.version, resource: anyRaw(x.resource) })), type_url: res.typeUrl, removed_resources: res.removedResources, nonce, control_plane: res.controlPlane };
}

export const xdsWire = {
  decodeRequest(bytes: Uint8Array): DiscoveryRequest {
    const r = decodeRaw('DiscoveryRequest', bytes);
    return { versionInfo: r.version_info ?? '', node: nodeOf(r), resourceNames: [...(r.resource_names ?? [])], typeUrl: r.type_url ?? '', responseNonce: r.response_nonce ?? '', errorDetail: statusOf(r) };
  },
  encodeRequest(req: DiscoveryRequest): Buffer {
    return encodeRaw('DiscoveryRequest', { version_info: req.versionInfo, node: nodeRaw(req.node), resource_names: req.resourceNames, type_url: req.typeUrl, response_nonce: req.responseNonce, error_detail: req.errorDetail });
  },
  decodeResponse(bytes: Uint8Array): DiscoveryResponse {
    const r = decodeRaw('DiscoveryResponse', bytes);
    return { versionInfo: r.version_info ?? '', resources: (r.resources ?? []).map(anyOf), typeUrl: r.type_url ?? '', nonce: r.nonce ?? '', controlPlane: r.control_plane ? { identifier: r.control_plane.identifier ?? '' } : undefined };
  },
  encodeResponse(res: DiscoveryResponse): Buffer {
    if (res.encoded) return res.encoded;
    if (res.body) return Buffer.concat([res.body, nonceField(res.nonce)]);
    return encodeRaw('DiscoveryResponse', { version_info: res.versionInfo, resources: res.resources.map(anyRaw), type_url: res.typeUrl, nonce: res.nonce, control_plane: res.controlPlane });
  },
  /** The encoding of a response without its nonce; protobuf fields may come in any order, so the nonce is appended. */
  encodeResponseBody(res: Omit<DiscoveryResponse, 'nonce' | 'body'>): Buffer {
    return encodeRaw('DiscoveryResponse', { version_info: res.versionInfo, resources: res.resources.map(anyRaw), type_url: res.typeUrl, control_plane: res.controlPlane });
  },
  decodeDeltaRequest(bytes: Uint8Array): DeltaDiscoveryRequest {
    const r = decodeRaw('DeltaDiscoveryRequest', bytes);
    return { node: nodeOf(r), typeUrl: r.type_url ?? '', resourceNamesSubscribe: [...(r.resource_names_subscribe ?? [])], resourceNamesUnsubscribe: [...(r.resource_names_unsubscribe ?? [])], initialResourceVersions: { ...(r.initial_resource_versions ?? {}) }, responseNonce: r.response_nonce ?? '', errorDetail: statusOf(r) };
  },
  encodeDeltaRequest(req: DeltaDiscoveryRequest): Buffer {
    return encodeRaw('DeltaDiscoveryRequest', { node: nodeRaw(req.node), type_url: req.typeUrl, resource_names_subscribe: req.resourceNamesSubscribe, resource_names_unsubscribe: req.resourceNamesUnsubscribe, initial_resource_versions: req.initialResourceVersions, response_nonce: req.responseNonce, error_detail: req.errorDetail });
  },
  decodeDeltaResponse(bytes: Uint8Array): DeltaDiscoveryResponse {
    const r = decodeRaw('DeltaDiscoveryResponse', bytes);
    return { systemVersionInfo: r.system_version_info ?? '', resources: (r.resources ?? []).map((x: Raw) => ({ name: x.name ?? '', version: x.version ?? '', resource: anyOf(x.resource ?? {}) })), typeUrl: r.type_url ?? '', removedResources: [...(r.removed_resources ?? [])], nonce: r.nonce ?? '', controlPlane: r.control_plane ? { identifier: r.control_plane.identifier ?? '' } : undefined };
  },
  encodeDeltaResponse(res: DeltaDiscoveryResponse): Buffer {
    if (res.body) return Buffer.concat([res.body, nonceField(res.nonce)]);
    return encodeRaw('DeltaDiscoveryResponse', deltaRaw(res, res.nonce));
  },
  /** The encoding of a delta response without its nonce (appended per stream, as for encodeResponseBody). */
  encodeDeltaResponseBody(res: Omit<DeltaDiscoveryResponse, 'nonce' | 'body'>): Buffer {
    return encodeRaw('DeltaDiscoveryResponse', deltaRaw(res));
  },
};

export const ADS_SERVICE = 'envoy.service.discovery.v3.AggregatedDiscoveryService';

/** The AggregatedDiscoveryService definition for @grpc/grpc-js (Server.addService / makeGenericClientConstructor). */
export function adsServiceDefinition(): ServiceDefinition {
  return {
    StreamAggregatedResources: {
      path: `/${ADS_SERVICE}/StreamAggregatedResources`,
      requestStream: true,
      responseStream: true,
      requestSerialize: (r: DiscoveryRequest) => xdsWire.encodeRequest(r),
      requestDeserialize: (b: Buffer) => xdsWire.decodeRequest(b),
      responseSerialize: (r: DiscoveryResponse) => xdsWire.encodeResponse(r),
      responseDeserialize: (b: Buffer) => xdsWire.decodeResponse(b),
    },
    DeltaAggregatedResources: {
      path: `/${ADS_SERVICE}/DeltaAggregatedResources`,
      requestStream: true,
      responseStream: true,
      requestSerialize: (r: DeltaDiscoveryRequest) => xdsWire.encodeDeltaRequest(r),
      requestDeserialize: (b: Buffer) => xdsWire.decodeDeltaRequest(b),
      responseSerialize: (r: DeltaDiscoveryResponse) => xdsWire.encodeDeltaResponse(r),
      responseDeserialize: (b: Buffer) => xdsWire.decodeDeltaResponse(b),
    },
  } as ServiceDefinition;
}
