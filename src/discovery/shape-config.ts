/**
 * One generated configuration, encoded once and shared by every proxy of the same shape: each
 * resource is strictly validated and encoded to protobuf (envoy/proto.ts) and hashed, per type, so a
 * push only compares hashes to decide whether a proxy must be sent anything, and reuses the bytes.
 * A bundle that does not encode, or (in strict mode) is not self-consistent, is not served.
 */
import { createHash } from 'node:crypto';
import { validateProxyResources, type ConsistencyIssue } from '../envoy/consistency.ts';
import { encodeResource, formatIssue, ProtoEncodeError, type PackedAny } from '../envoy/proto.ts';
import { RESOURCE_KINDS, type ResourceKind } from '../envoy/resource-kinds.ts';
import type { ProxyResources } from '../envoy/types.ts';

export interface EncodedResource {
  name: string;
  json: unknown;
  packed: PackedAny;
  /** Content hash of the encoded bytes (12 hex digits): the resource's delta-xDS version. */
  version: string;
}

export interface TypeSet {
  kind: ResourceKind;
  byName: Map<string, EncodedResource>;
  ordered: EncodedResource[];
  /** Hash over every resource of the type: what a wildcard subscriber sees. */
  hash: string;
  /** Selections already computed, by sorted subscribed names (proxies of a shape ask for the same names). */
  selections: Map<string, Selection>;
  /** The wildcard selection. */
  all?: Selection;
}

export interface ShapeConfig {
  key: string;
  /** The server push version this was generated for. */
  pushVersion: number;
  generatedAt: number;
  generateMs: number;
  types: Map<string, TypeSet>;
  consistency: ConsistencyIssue[];
  /** Set when this configuration must not be served (generator threw, a resource did not encode). */
  error?: string;
}

export interface Selection {
  resources: EncodedResource[];
  /** Hash over the selected resources; also used as the state-of-the-world versionInfo. */
  hash: string;
  /** Total size of the encoded resources (pilot_xds_config_size_bytes). */
  bytes: number;
  /** The state-of-the-world response without its nonce, encoded on first use and shared. */
  body?: Uint8Array;
  /** The resources' names and Anys, built on first use and shared by every proxy sent this selection (read-only). */
  names?: readonly string[];
  packed?: readonly PackedAny[];
}

function hashOf(parts: Iterable<string | Uint8Array>): string {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 12);
}

/**
 * Encoded resources by content, shared across shapes and pushes: proxies of different shapes mostly
 * get the same clusters and endpoints, and a push after one VirtualService edit changes one route
 * configuration — everything else is found here instead of being validated and encoded again.
 */
export class EncodeCache {
  readonly #entries = new Map<string, { r: EncodedResource; used: number }>();
  #generation = 0;

  get size(): number {
    return this.#entries.size;
  }

  /** A new push: entries not used during the last two pushes are dropped. */
  nextGeneration(): void {
    this.#generation++;
    for (const [k, e] of this.#entries) if (this.#generation - e.used > 2) this.#entries.delete(k);
  }

  /** The encoded resource for this JSON; throws ProtoEncodeError when it is invalid. */
  encode(kind: ResourceKind, json: unknown): EncodedResource {
    const key = `${kind.typeUrl}\n${JSON.stringify(json)}`;
    const hit = this.#entries.get(key);
    if (hit) {
      hit.used = this.#generation;
      return hit.r;
    }
    const value = encodeResource(kind.typeUrl, json);
    const r: EncodedResource = { name: kind.nameOf(json), json, packed: { typeUrl: kind.typeUrl, value }, version: hashOf([value]) };
    this.#entries.set(key, { r, used: this.#generation });
    return r;
  }
}

function encodeType(kind: ResourceKind, list: unknown[], errors: string[], cache: EncodeCache): TypeSet {
  const byName = new Map<string, EncodedResource>();
  const ordered: EncodedResource[] = [];
  for (const json of list) {
    const name = kind.nameOf(json);
    try {
      const r = cache.encode(kind, json);
      byName.set(name, r);
      ordered.push(r);
    } catch (e) {
      const detail = e instanceof ProtoEncodeError ? e.issues.filter((i) => i.severity === 'error').slice(0, 3).map(formatIssue).join('; ') : (e as Error).message;
      errors.push(`${kind.short} ${name}: ${detail}`);
    }
  }
  return { kind, byName, ordered, hash: hashOf(ordered.flatMap((r) => [r.name, '\0', r.version, '\0'])), selections: new Map() };
}

/** Encodes a generated bundle; `strict` refuses bundles with consistency errors. */
export function buildShapeConfig(key: string, pushVersion: number, resources: ProxyResources, generateMs: number, strict: boolean, cache = new EncodeCache()): ShapeConfig {
  const errors: string[] = [];
  const types = new Map<string, TypeSet>();
  for (const kind of RESOURCE_KINDS) types.set(kind.typeUrl, encodeType(kind, resources[kind.key] ?? [], errors, cache));
  const consistency = validateProxyResources(resources);
  const inconsistent = consistency.filter((i) => i.severity === 'error');
  if (strict && inconsistent.length > 0) errors.push(...inconsistent.map((i) => `${i.resource}: ${i.message}`));
  return { key, pushVersion, generatedAt: Date.now(), generateMs, types, consistency, error: errors.length ? errors.join('\n') : undefined };
}

/** A shape that failed before encoding (the generator threw). */
export function failedShapeConfig(key: string, pushVersion: number, error: string): ShapeConfig {
  return { key, pushVersion, generatedAt: Date.now(), generateMs: 0, types: new Map(), consistency: [], error };
}

/** select()'s memo key for a set of names (sorted, so the order of a request does not matter). */
export function namesKeyOf(names: ReadonlySet<string>): string {
  return [...names].sort().join('\n');
}

/**
 * The resources a subscription sees: all of them (names = null, wildcard) or the named ones that
 * exist, memoised per TypeSet by `key` (namesKeyOf(names); callers that keep it pass it in).
 */
export function select(set: TypeSet | undefined, names: ReadonlySet<string> | null, key?: string): Selection {
  if (!set) return { resources: [], hash: hashOf([]), bytes: 0 };
  if (names === null) return (set.all ??= { resources: set.ordered, hash: set.hash, bytes: sizeOf(set.ordered) });
  key ??= namesKeyOf(names);
  const memo = set.selections.get(key);
  if (memo) return memo;
  const resources: EncodedResource[] = [];
  for (const n of [...names].sort()) {
    const r = set.byName.get(n);
    if (r) resources.push(r);
  }
  const sel = { resources, hash: hashOf(resources.flatMap((r) => [r.name, '\0', r.version, '\0'])), bytes: sizeOf(resources) };
  if (set.selections.size < 1000) set.selections.set(key, sel);
  return sel;
}

function sizeOf(resources: EncodedResource[]): number {
  let n = 0;
  for (const r of resources) n += r.packed.value.length;
  return n;
}
