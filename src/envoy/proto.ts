/**
 * The public protobuf API of src/envoy: encode an Envoy v3 resource (proto3 JSON from types.ts) of a
 * given type URL to bytes, decode bytes back to proto3 JSON the way Envoy's config_dump prints it,
 * strictly validate a resource (`validateResource`), pack/unpack google.protobuf.Any, and reach the
 * raw protobufjs types for hot paths (the xDS wire messages). Protos load once per process
 * (proto-root.ts); `protoLoadStats()` says how long that took.
 */
import type protobuf from 'protobufjs';
import { jsonToMessage, messageToJson, type ProtoIssue } from './proto-json.ts';
import { findMessageType, messageType } from './proto-root.ts';
import { TYPE_PREFIX } from './type-urls.ts';
import type { Any } from './types.ts';

export type { ProtoIssue } from './proto-json.ts';
export { envoyRoot, protoLoadStats, findMessageType, messageType, protoIncludeDirs } from './proto-root.ts';

/** Thrown by encodeResource/packAny when the JSON is not a valid message of its type. */
export class ProtoEncodeError extends Error {
  readonly code = 'PROTO_INVALID';
  constructor(
    readonly typeUrl: string,
    readonly issues: ProtoIssue[],
  ) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(`invalid ${typeNameOf(typeUrl)}: ${errors.slice(0, 5).map(formatIssue).join('; ')}${errors.length > 5 ? ` (+${errors.length - 5} more)` : ''}`);
    this.name = 'ProtoEncodeError';
  }
}

/** `type.googleapis.com/envoy.config.cluster.v3.Cluster` → `envoy.config.cluster.v3.Cluster`. */
export function typeNameOf(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
}

/** `envoy.config.cluster.v3.Cluster` → `type.googleapis.com/envoy.config.cluster.v3.Cluster`. */
export function typeUrlOf(typeName: string): string {
  return typeName.includes('/') ? typeName : TYPE_PREFIX + typeName.replace(/^\./, '');
}

export function formatIssue(i: ProtoIssue): string {
  return `${i.path || '(root)'}: ${i.message}`;
}

function typeFor(typeUrl: string): protobuf.Type {
  return messageType(typeNameOf(typeUrl));
}

/**
 * Strict check of one resource (or any message) in proto3 JSON: unknown or misspelt fields, wrong
 * value types, conflicting oneof members, unknown Any `@type`s (nested typedConfig checked by their
 * own type) and Envoy's protoc-gen-validate constraints. Never throws; [] means valid.
 */
export function validateResource(typeUrl: string, json: unknown): ProtoIssue[] {
  const type = findMessageType(typeNameOf(typeUrl));
  if (!type) return [{ path: '', severity: 'error', message: `unknown type URL "${typeUrl}"` }];
  return jsonToMessage(type, json).issues;
}

/** Encodes proto3 JSON of the type to protobuf bytes; throws ProtoEncodeError when it is invalid. */
export function encodeResource(typeUrl: string, json: unknown): Uint8Array {
  const { bytes, issues } = jsonToMessage(typeFor(typeUrl), json);
  if (!bytes) throw new ProtoEncodeError(typeUrl, issues);
  return bytes;
}

/** Decodes protobuf bytes of the type to proto3 JSON (camelCase, Any expanded with `@type`). */
export function decodeResource<T = Record<string, unknown>>(typeUrl: string, bytes: Uint8Array): T {
  const type = typeFor(typeUrl);
  return messageToJson(type, type.decode(bytes) as unknown as Record<string, unknown>) as T;
}

/**
 * The form Envoy's config_dump would show for this JSON: encode then decode. Durations become
 * canonical (`1.5s` → `1.500s`), implicit-presence defaults disappear (`lbPolicy: ROUND_ROBIN`).
 * A generator whose output equals its canonical form serves exactly what `proxy-config` shows.
 */
export function canonicalResource<T>(typeUrl: string, json: T): T {
  return decodeResource<T>(typeUrl, encodeResource(typeUrl, json));
}

/** A resource in wire form: google.protobuf.Any {type_url, value}. */
export interface PackedAny {
  typeUrl: string;
  value: Uint8Array;
}

/** proto3 JSON Any (`{'@type': url, ...fields}`) → wire Any; throws ProtoEncodeError when invalid. */
export function packAny(any: Any): PackedAny {
  const anyType = messageType('google.protobuf.Any');
  const { bytes, issues } = jsonToMessage(anyType, any);
  if (!bytes) throw new ProtoEncodeError(String(any?.['@type']), issues);
  const m = anyType.decode(bytes) as unknown as { type_url: string; value: Uint8Array };
  return { typeUrl: m.type_url, value: m.value };
}

/** Wire Any → proto3 JSON Any (`{'@type': url, ...fields}`). */
export function unpackAny<T extends Any = Any>(packed: PackedAny): T {
  return messageToJson(messageType('google.protobuf.Any'), { type_url: packed.typeUrl, value: packed.value }) as T;
}
