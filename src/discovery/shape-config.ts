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
import { jsonEqual } from './json-equal.ts';

export interface EncodedResource {
  name: string;
  /**
   * A private copy of the JSON it was encoded from (parsed back from the cache key, so a generator
   * that mutates its own objects later cannot change it): what the next push compares against.
   */
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
  /** Increases with every selection made: a stream takes a shared nonce only from a selection newer than the last it took one from. */
  serial: number;
  /**
   * The nonce of this selection's state-of-the-world response, and the whole response encoded with
   * it: streams sent this selection get these very bytes (nonces are scoped to a stream, as in
   * go-control-plane; thanks to `serial` a stream never sees the same nonce twice for a type).
   */
  nonce?: string;
  message?: Buffer;
  /** The resources' names and Anys, built on first use and shared by every proxy sent this selection (read-only). */
  names?: readonly string[];
  packed?: readonly PackedAny[];
  /** Delta streams: what a stream holding the selection of the TypeSet with this hash (same names) must be sent. */
  deltas?: Map<string, DeltaDiff>;
}

/** The incremental step from one selection to another: computed once, shared by every delta stream taking it. */
export interface DeltaDiff {
  changed: EncodedResource[];
  removed: string[];
  bytes: number;
  /** The DeltaDiscoveryResponse without its nonce, encoded on first use. */
  body?: Uint8Array;
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
  /** Per type URL: resource JSON text → encoded resource, with the generation it was last used in. */
  readonly #entries = new Map<string, Map<string, { r: EncodedResource; used: number }>>();
  /** Consistency findings by the bundle's per-type content hashes (identical content, identical findings). */
  readonly #consistency = new Map<string, { issues: ConsistencyIssue[]; used: number }>();
  #generation = 0;

  get size(): number {
    let n = 0;
    for (const m of this.#entries.values()) n += m.size;
    return n;
  }

  /** A new push: entries not used during the last two pushes are dropped. */
  nextGeneration(): void {
    this.#generation++;
    for (const m of [...this.#entries.values(), this.#consistency]) for (const [k, e] of m) if (this.#generation - e.used > 2) m.delete(k);
  }

  /** The encoded resource for this JSON; throws ProtoEncodeError when it is invalid. */
  encode(kind: ResourceKind, json: unknown): EncodedResource {
    let entries = this.#entries.get(kind.typeUrl);
    if (!entries) this.#entries.set(kind.typeUrl, (entries = new Map()));
    const key = JSON.stringify(json);
    const hit = entries.get(key);
    if (hit) {
      hit.used = this.#generation;
      return hit.r;
    }
    const value = encodeResource(kind.typeUrl, json);
    const r: EncodedResource = { name: kind.nameOf(json), json: JSON.parse(key), packed: { typeUrl: kind.typeUrl, value }, version: hashOf([value]) };
    entries.set(key, { r, used: this.#generation });
    return r;
  }

  /** validateProxyResources(resources), computed once per distinct content (`key`: the types' hashes). */
  consistency(key: string, resources: ProxyResources): ConsistencyIssue[] {
    let e = this.#consistency.get(key);
    if (!e) this.#consistency.set(key, (e = { issues: validateProxyResources(resources), used: this.#generation }));
    e.used = this.#generation;
    return e.issues;
  }
}

/** Content hash of a list of resources (names and versions, in order). */
function listHash(resources: readonly EncodedResource[]): string {
  const h = createHash('sha1');
  for (const r of resources) h.update(r.name).update('\0').update(r.version).update('\0');
  return h.digest('hex').slice(0, 12);
}

/**
 * The resources of one type, encoded. A resource structurally equal to the one of the same name in
 * `previous` (this shape's last configuration) reuses it without being serialised; the others go
 * through the cache. When every resource is reused, in the same order, `previous` itself is
 * returned, with its hash and its selections (their shared responses) intact.
 */
function encodeType(kind: ResourceKind, list: unknown[], errors: string[], cache: EncodeCache, previous: TypeSet | undefined): TypeSet {
  const byName = new Map<string, EncodedResource>();
  const ordered: EncodedResource[] = [];
  let same = previous !== undefined && previous.ordered.length === list.length;
  for (const json of list) {
    try {
      const before = previous?.byName.get(kind.nameOf(json));
      const r = before && jsonEqual(json, before.json) ? before : cache.encode(kind, json);
      same &&= r === previous!.ordered[ordered.length];
      byName.set(r.name, r);
      ordered.push(r);
    } catch (e) {
      same = false;
      const detail = e instanceof ProtoEncodeError ? e.issues.filter((i) => i.severity === 'error').slice(0, 3).map(formatIssue).join('; ') : (e as Error).message;
      errors.push(`${kind.short} ${kind.nameOf(json)}: ${detail}`);
    }
  }
  if (same) return previous!;
  return { kind, byName, ordered, hash: listHash(ordered), selections: new Map() };
}

/**
 * Encodes a generated bundle; `strict` refuses bundles with consistency errors. `previous` (the
 * shape's last good configuration) lets unchanged resources and types be reused without re-encoding.
 */
export function buildShapeConfig(key: string, pushVersion: number, resources: ProxyResources, generateMs: number, strict: boolean, cache = new EncodeCache(), previous?: ShapeConfig): ShapeConfig {
  const errors: string[] = [];
  const types = new Map<string, TypeSet>();
  for (const kind of RESOURCE_KINDS) types.set(kind.typeUrl, encodeType(kind, resources[kind.key] ?? [], errors, cache, previous?.types.get(kind.typeUrl)));
  // Memoised by content; a bundle with resources that did not encode is checked afresh (the hashes leave those out).
  const consistency = errors.length ? validateProxyResources(resources) : cache.consistency([...types.values()].map((t) => t.hash).join(','), resources);
  const inconsistent = consistency.filter((i) => i.severity === 'error');
  if (strict && inconsistent.length > 0) errors.push(...inconsistent.map((i) => `${i.resource}: ${i.message}`));
  return { key, pushVersion, generatedAt: Date.now(), generateMs, types, consistency, error: errors.length ? errors.join('\n') : undefined };
}

/** A shape that failed before encoding (the generator threw). */
export function failedShapeConfig(key: string, pushVersion: number, error: string): ShapeConfig {
  return { key, pushVersion, generatedAt: Date.now(), generateMs: 0, types: new Map(), consistency: [], error };
}

let selections = 0;

/** select()'s memo key for a set of names (sorted, so the order of a request does not matter). */
export function namesKeyOf(names: ReadonlySet<string>): string {
  return [...names].sort().join('\n');
}

/**
 * The resources a subscription sees: all of them (names = null, wildcard) or the named ones that
 * exist, memoised per TypeSet by `key` (namesKeyOf(names); callers that keep it pass it in).
 */
export function select(set: TypeSet | undefined, names: ReadonlySet<string> | null, key?: string): Selection {
  if (!set) return { resources: [], hash: listHash([]), bytes: 0, serial: ++selections };
  if (names === null) return (set.all ??= { resources: set.ordered, hash: set.hash, bytes: sizeOf(set.ordered), serial: ++selections });
  key ??= namesKeyOf(names);
  const memo = set.selections.get(key);
  if (memo) return memo;
  const resources: EncodedResource[] = [];
  for (const n of [...names].sort()) {
    const r = set.byName.get(n);
    if (r) resources.push(r);
  }
  const sel = { resources, hash: listHash(resources), bytes: sizeOf(resources), serial: ++selections };
  if (set.selections.size < 1000) set.selections.set(key, sel);
  return sel;
}

function sizeOf(resources: EncodedResource[]): number {
  let n = 0;
  for (const r of resources) n += r.packed.value.length;
  return n;
}
