/**
 * MeshSnapshot (Istio's PushContext): an immutable view of the whole configuration with the
 * indexes generation needs. `buildSnapshot` builds one from resources; `snapshot.update(changes)`
 * returns a new snapshot that rebuilds only the indexes whose input kinds changed and shares the
 * rest (a VirtualService edit rebuilds the VirtualService index and nothing else).
 */
import type { Resource } from '../api/resource.ts';
import { resourceKey } from '../api/resource.ts';
import { DEFAULT_DOMAIN_SUFFIX } from '../registry/host.ts';
import { selectorMatches, type Labels } from '../registry/labels.ts';
import { buildServiceRegistry, pushTo, REGISTRY_KINDS, type ServiceRegistry } from '../registry/registry.ts';
import type { Gateway, Sidecar } from './api-types.ts';
import { buildDestinationRuleIndex, type DestinationRuleIndex } from './destination-rule-index.ts';
import { meshConfigFromResources, type MeshConfig } from './mesh-config.ts';
import { sortByNameThenNamespace } from './order.ts';
import { buildVirtualServiceIndex, updateVirtualServiceIndex, type VirtualServiceIndex } from './virtual-service-index.ts';

export interface SnapshotOptions {
  /** Kubernetes cluster domain (`cluster.local`). */
  domainSuffix?: string;
}

export interface SnapshotChanges {
  /** Resources added or replaced (matched by Kind/namespace/name). */
  upsert?: readonly Resource[];
  /** Resources removed, as resources or `Kind/namespace/name` keys. */
  delete?: readonly (Resource | string)[];
}

type IndexName = 'mesh' | 'registry' | 'virtualServices' | 'destinationRules' | 'gateways' | 'sidecars' | 'secrets';

const INDEX_KINDS: Record<IndexName, ReadonlySet<string>> = {
  mesh: new Set(['ConfigMap']),
  registry: REGISTRY_KINDS,
  virtualServices: new Set(['VirtualService']),
  destinationRules: new Set(['DestinationRule']),
  gateways: new Set(['Gateway']),
  sidecars: new Set(['Sidecar']),
  secrets: new Set(['Secret']),
};

/** Kinds whose objects carry a workload selector, and where it is. */
const SELECTOR_PATH: Record<string, (spec: any) => Labels | undefined> = {
  AuthorizationPolicy: (s) => s?.selector?.matchLabels,
  PeerAuthentication: (s) => s?.selector?.matchLabels,
  RequestAuthentication: (s) => s?.selector?.matchLabels,
  Telemetry: (s) => s?.selector?.matchLabels,
  ProxyConfig: (s) => s?.selector?.matchLabels,
  EnvoyFilter: (s) => s?.workloadSelector?.labels,
  Sidecar: (s) => s?.workloadSelector?.labels,
};

interface Indexes {
  mesh: MeshConfig;
  registry: ServiceRegistry;
  virtualServices: VirtualServiceIndex;
  destinationRules: DestinationRuleIndex;
  gateways: readonly Resource<Gateway>[];
  sidecars: readonly Resource<Sidecar>[];
  secrets: ReadonlyMap<string, Resource>;
}

let versionCounter = 0;

export class MeshSnapshot {
  readonly version: number;
  readonly options: Readonly<Required<SnapshotOptions>>;
  /** Every resource by `Kind/namespace/name`. */
  readonly resources: ReadonlyMap<string, Resource>;
  /** The kinds that changed relative to the snapshot this one was updated from (all kinds for a fresh build). */
  readonly changedKinds: ReadonlySet<string>;
  private readonly kinds: ReadonlyMap<string, readonly Resource[]>;
  private readonly idx: Indexes;

  private constructor(options: Required<SnapshotOptions>, resources: Map<string, Resource>, kinds: Map<string, Resource[]>, idx: Indexes, changedKinds: Set<string>) {
    this.version = ++versionCounter;
    this.options = options;
    this.resources = resources;
    this.kinds = kinds;
    this.idx = idx;
    this.changedKinds = changedKinds;
  }

  static build(resources: readonly Resource[], opts: SnapshotOptions = {}): MeshSnapshot {
    const options = { domainSuffix: opts.domainSuffix ?? DEFAULT_DOMAIN_SUFFIX };
    const map = new Map<string, Resource>();
    for (const r of resources) map.set(resourceKey(r), r);
    const kinds = groupKinds(map.values());
    return new MeshSnapshot(options, map, kinds, buildIndexes(kinds, options, undefined, undefined), new Set(kinds.keys()));
  }

  /** A new snapshot with `changes` applied; indexes whose inputs did not change are shared. */
  update(changes: SnapshotChanges): MeshSnapshot {
    const map = new Map(this.resources);
    const changed = new Set<string>();
    const vsKeys = new Set<string>();
    for (const d of changes.delete ?? []) {
      const key = typeof d === 'string' ? d : resourceKey(d);
      const prev = map.get(key);
      if (prev) {
        map.delete(key);
        changed.add(prev.kind);
        if (prev.kind === 'VirtualService') vsKeys.add(key);
      }
    }
    for (const r of changes.upsert ?? []) {
      const key = resourceKey(r);
      map.set(key, r);
      changed.add(r.kind);
      if (r.kind === 'VirtualService') vsKeys.add(key);
    }
    const present = (rs: (Resource | undefined)[]): Resource[] => rs.filter((r): r is Resource => r !== undefined);
    const vsDelta = { removed: present([...vsKeys].map((k) => this.resources.get(k))), added: present([...vsKeys].map((k) => map.get(k))) };
    const kinds = new Map(this.kinds);
    for (const k of changed) {
      // Keep configuration order: existing objects in place (replaced or dropped), new ones appended.
      const list: Resource[] = [];
      const seen = new Set<string>();
      for (const r of this.kinds.get(k) ?? []) {
        const key = resourceKey(r);
        const now = map.get(key);
        if (now) list.push(now);
        seen.add(key);
      }
      for (const r of changes.upsert ?? []) {
        const key = resourceKey(r);
        if (r.kind !== k || seen.has(key)) continue;
        seen.add(key);
        list.push(map.get(key)!);
      }
      if (list.length > 0) kinds.set(k, list);
      else kinds.delete(k);
    }
    return new MeshSnapshot(this.options, map, kinds as Map<string, Resource[]>, buildIndexes(kinds, this.options, this.idx, changed, vsDelta), changed);
  }

  get mesh(): MeshConfig {
    return this.idx.mesh;
  }
  get registry(): ServiceRegistry {
    return this.idx.registry;
  }
  get virtualServices(): VirtualServiceIndex {
    return this.idx.virtualServices;
  }
  get destinationRules(): DestinationRuleIndex {
    return this.idx.destinationRules;
  }
  /** Gateways in Istio's precedence order (name, then namespace). */
  get gateways(): readonly Resource<Gateway>[] {
    return this.idx.gateways;
  }
  get sidecars(): readonly Resource<Sidecar>[] {
    return this.idx.sidecars;
  }
  get domainSuffix(): string {
    return this.options.domainSuffix;
  }
  get rootNamespace(): string {
    return this.idx.mesh.rootNamespace;
  }

  /** Resources of one kind, in configuration order. */
  byKind<Spec = any>(kind: string): readonly Resource<Spec>[] {
    return (this.kinds.get(kind) ?? []) as readonly Resource<Spec>[];
  }

  get(kind: string, namespace: string, name: string): Resource | undefined {
    return this.resources.get(`${kind}/${namespace}/${name}`);
  }

  secret(namespace: string, name: string): Resource | undefined {
    return this.idx.secrets.get(`${namespace}/${name}`);
  }

  /** Gateways whose selector matches a workload's labels (any namespace, as Istio by default). */
  gatewaysForWorkload(labels: Labels): Resource<Gateway>[] {
    return this.idx.gateways.filter((g) => selectorMatches(g.spec?.selector, labels) && Object.keys(g.spec?.selector ?? {}).length > 0);
  }

  /**
   * Policies of `kind` that apply to a workload: those in the root namespace without a selector,
   * those in its namespace without a selector, and those whose selector matches its labels.
   */
  policiesFor<Spec = any>(kind: string, namespace: string, labels: Labels): Resource<Spec>[] {
    const sel = SELECTOR_PATH[kind] ?? ((s: any) => s?.selector?.matchLabels);
    return this.byKind<Spec>(kind).filter((r) => {
      const s = sel(r.spec);
      const hasSelector = !!s && Object.keys(s).length > 0;
      if (r.metadata.namespace === namespace) return !hasSelector || selectorMatches(s, labels);
      return r.metadata.namespace === this.rootNamespace && !hasSelector;
    });
  }
}

/** Builds a snapshot from resources (usually `loadPaths(...).resources`). */
export function buildSnapshot(resources: readonly Resource[], options: SnapshotOptions = {}): MeshSnapshot {
  return MeshSnapshot.build(resources, options);
}

function groupKinds(resources: Iterable<Resource>): Map<string, Resource[]> {
  const m = new Map<string, Resource[]>();
  for (const r of resources) pushTo(m, r.kind, r);
  return m;
}

/** VirtualServices replaced by an update: the previous versions and the new ones. */
interface VirtualServiceDelta {
  removed: readonly Resource[];
  added: readonly Resource[];
}

function buildIndexes(kinds: ReadonlyMap<string, readonly Resource[]>, options: Required<SnapshotOptions>, prev: Indexes | undefined, changed: ReadonlySet<string> | undefined, vsDelta?: VirtualServiceDelta): Indexes {
  const touched = (name: IndexName): boolean => !prev || !changed || [...INDEX_KINDS[name]].some((k) => changed.has(k));
  const of = (names: ReadonlySet<string>): Resource[] => [...names].flatMap((k) => kinds.get(k) ?? []);
  const meshChanged = touched('mesh');
  const mesh = meshChanged ? meshConfigFromResources(kinds.get('ConfigMap') ?? [], { domainSuffix: options.domainSuffix }) : prev!.mesh;
  const rootChanged = !prev || prev.mesh.rootNamespace !== mesh.rootNamespace;
  return {
    mesh,
    registry: touched('registry') ? buildServiceRegistry(of(REGISTRY_KINDS), { domainSuffix: options.domainSuffix }) : prev!.registry,
    virtualServices: touched('virtualServices') ? virtualServiceIndex(kinds, options, prev, vsDelta) : prev!.virtualServices,
    destinationRules: touched('destinationRules') || rootChanged ? buildDestinationRuleIndex(kinds.get('DestinationRule') ?? [], options.domainSuffix, mesh.rootNamespace) : prev!.destinationRules,
    gateways: touched('gateways') ? sortByNameThenNamespace((kinds.get('Gateway') ?? []) as Resource<Gateway>[]) : prev!.gateways,
    sidecars: touched('sidecars') ? ((kinds.get('Sidecar') ?? []) as Resource<Sidecar>[]) : prev!.sidecars,
    secrets: touched('secrets') ? new Map((kinds.get('Secret') ?? []).map((r) => [`${r.metadata.namespace}/${r.metadata.name}`, r])) : prev!.secrets,
  };
}

/** The VirtualService index patched with an update's delta when possible, else rebuilt. */
function virtualServiceIndex(kinds: ReadonlyMap<string, readonly Resource[]>, options: Required<SnapshotOptions>, prev: Indexes | undefined, delta: VirtualServiceDelta | undefined): VirtualServiceIndex {
  const patched = prev && delta ? updateVirtualServiceIndex(prev.virtualServices, delta.removed, delta.added, options.domainSuffix) : undefined;
  return patched ?? buildVirtualServiceIndex(kinds.get('VirtualService') ?? [], options.domainSuffix);
}
