/**
 * Identity by content for what gateway route generation caches on. Generation's caches are keyed
 * by object identity (an unchanged resource keeps its objects across snapshot updates), but a
 * reload decodes the whole configuration again into new objects with the same values. Here:
 *  - `canonicalEntries`: a VirtualService entry stands for the entry seen before with the same
 *    name and content (metadata, resolved spec, gateways, exportTo), so route translations and
 *    fragments keyed by entry apply again after a reload of an unchanged VirtualService;
 *  - `translationInputsKey`: a name for what route translation resolves destinations against
 *    (the registry kinds, DestinationRules and ConfigMaps of a snapshot, and its domain suffix),
 *    the same for equal resources, so the gateway route store (route-cache.ts) of an unchanged
 *    set of inputs is found again.
 * A canonical entry's `resource` is an earlier, equal-valued object: generation reads its kind,
 * name and namespace only. Equality is checked value by value (same-value.ts) against the one
 * earlier version of each name, without building a key string per object. Pools are bounded;
 * past the bound they start over (identity is only an optimisation, values decide correctness).
 */
import type { Resource } from '../api/resource.ts';
import type { DestinationRuleIndex } from '../model/destination-rule-index.ts';
import type { MeshConfig } from '../model/mesh-config.ts';
import { sameValue } from '../model/same-value.ts';
import type { MeshSnapshot } from '../model/snapshot.ts';
import type { VirtualServiceEntry } from '../model/virtual-service-index.ts';
import { REGISTRY_KINDS, type ServiceRegistry } from '../registry/registry.ts';

const MAX_ENTRIES = 50_000;
/** The latest canonical entry of each VirtualService, by `namespace/name`. */
let byName = new Map<string, VirtualServiceEntry>();
const canonicalOf = new WeakMap<VirtualServiceEntry, VirtualServiceEntry>();
const canonicalLists = new WeakMap<readonly VirtualServiceEntry[], readonly VirtualServiceEntry[]>();

/** The entry with the same content as `e` seen before (`e` itself when it is new or changed). */
export function canonicalEntry(e: VirtualServiceEntry): VirtualServiceEntry {
  let c = canonicalOf.get(e);
  if (c) return c;
  const name = `${e.namespace}/${e.name}`;
  c = byName.get(name);
  if (!c || !sameEntry(c, e)) {
    if (byName.size >= MAX_ENTRIES) byName = new Map();
    byName.set(name, (c = e));
  }
  canonicalOf.set(e, c);
  return c;
}

function sameEntry(a: VirtualServiceEntry, b: VirtualServiceEntry): boolean {
  const ra = a.resource;
  const rb = b.resource;
  return ra.apiVersion === rb.apiVersion && ra.kind === rb.kind && sameValue(a.gateways, b.gateways) && sameValue(a.exportTo, b.exportTo) && sameValue(ra.metadata, rb.metadata) && sameValue(a.spec, b.spec);
}

/** `list` with every entry canonical; the same array for the same list, `list` itself when nothing changes. */
export function canonicalEntries(list: readonly VirtualServiceEntry[]): readonly VirtualServiceEntry[] {
  if (list.length === 0) return list;
  let out = canonicalLists.get(list);
  if (out) return out;
  let copy: VirtualServiceEntry[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const c = canonicalEntry(list[i]);
    if (c !== list[i]) (copy ??= list.slice())[i] = c;
  }
  out = copy ?? list;
  canonicalLists.set(list, out);
  return out;
}

/** The resources (and domain suffix) route translation resolves against, kind by kind. */
interface InputSet {
  readonly domainSuffix: string;
  readonly lists: readonly (readonly Resource[])[];
  readonly key: string;
}

const TRANSLATION_KINDS = [...REGISTRY_KINDS, 'DestinationRule', 'ConfigMap'];
/** Input sets recently seen (most recent last). */
const recentSets: InputSet[] = [];
const MAX_SETS = 8;
let setCounter = 0;

interface KeyedIndexes {
  readonly destinationRules: DestinationRuleIndex;
  readonly mesh: MeshConfig;
  readonly key: string;
}

/** Keys already worked out, by the index objects they stand for (snapshot updates share these). */
const keysByRegistry = new WeakMap<ServiceRegistry, KeyedIndexes[]>();
const MAX_KEYS_PER_REGISTRY = 8;

/**
 * A name for the inputs route translation resolves against besides the proxy: the same name means
 * equal registry, DestinationRule index and mesh config (built from equal resources).
 */
export function translationInputsKey(snapshot: MeshSnapshot): string {
  const { registry, destinationRules, mesh } = snapshot;
  let known = keysByRegistry.get(registry);
  if (!known) keysByRegistry.set(registry, (known = []));
  for (const k of known) if (k.destinationRules === destinationRules && k.mesh === mesh) return k.key;
  const key = inputSetKey(snapshot);
  if (known.length >= MAX_KEYS_PER_REGISTRY) known.shift();
  known.push({ destinationRules, mesh, key });
  return key;
}

function inputSetKey(snapshot: MeshSnapshot): string {
  const lists = TRANSLATION_KINDS.map((k) => snapshot.byKind(k));
  for (const set of recentSets) if (set.domainSuffix === snapshot.domainSuffix && sameLists(set.lists, lists)) return set.key;
  if (recentSets.length >= MAX_SETS) recentSets.shift();
  const set: InputSet = { domainSuffix: snapshot.domainSuffix, lists, key: `inputs-${++setCounter}` };
  recentSets.push(set);
  return set.key;
}

function sameLists(a: readonly (readonly Resource[])[], b: readonly (readonly Resource[])[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (!sameResource(x[j], y[j])) return false;
  }
  return true;
}

function sameResource(a: Resource, b: Resource): boolean {
  return a === b || (a.apiVersion === b.apiVersion && a.kind === b.kind && sameValue(a.source, b.source) && sameValue(a.metadata, b.metadata) && sameValue(a.body, b.body));
}
