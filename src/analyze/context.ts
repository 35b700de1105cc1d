/**
 * What every analyzer reads and writes through: the loaded resources grouped by kind, the loader's
 * diagnostics, the service registry and mesh config (built lazily, or taken from a MeshSnapshot
 * the caller has), Secrets by `namespace/name`, the workloads
 * the files describe, host lookups with Istio's short-name and exportTo rules, and `report`,
 * which renders a message type's template, appends what to change, and records where.
 */
import type { Resource } from '../api/resource.ts';
import type { Diagnostic, Position } from '../config/diagnostic.ts';
import { posOf, valuePosOf } from '../config/source-map.ts';
import { meshConfigFromResources, type MeshConfig } from '../model/mesh-config.ts';
import type { MeshSnapshot } from '../model/snapshot.ts';
import { isVisibleTo } from '../model/visibility.ts';
import { DEFAULT_DOMAIN_SUFFIX, isWildcard, mostSpecificMatch, resolveShortName } from '../registry/host.ts';
import { buildServiceRegistry, REGISTRY_KINDS, type ServiceRegistry } from '../registry/registry.ts';
import type { Service } from '../registry/service.ts';
import type { AnalysisMessage } from './message.ts';
import { formatTemplate, type MessageType } from './messages.ts';
import { collectWorkloads, WORKLOAD_KINDS, type AnalyzedWorkload } from './workloads.ts';

export interface AnalysisInput {
  resources: readonly Resource[];
  /** The loader's diagnostics (become IST0106 / IST0133 / IST0002). */
  diagnostics?: readonly Diagnostic[];
  /** A snapshot of the same resources, when the caller has one (its registry and mesh config are reused). */
  snapshot?: MeshSnapshot;
  domainSuffix?: string;
}

/** Where a message points: a field inside a decoded object (`holder[key]`), or an explicit position. */
export type At = { holder: unknown; key?: string | number } | Position | undefined;

export interface ReportOptions {
  /** What to change, appended to the template text. */
  hint?: string;
  at?: At;
  path?: string;
}

export class AnalysisContext {
  readonly messages: AnalysisMessage[] = [];
  readonly resources: readonly Resource[];
  readonly diagnostics: readonly Diagnostic[];
  readonly domainSuffix: string;
  private readonly kinds = new Map<string, Resource[]>();
  private reg: ServiceRegistry | undefined;
  private meshConfig: MeshConfig | undefined;
  private secrets: Map<string, Resource> | undefined;
  private workloadList: AnalyzedWorkload[] | undefined;
  private wildcardServices: string[] | undefined;
  private readonly serviceCache = new Map<string, Service | undefined>();

  constructor(input: AnalysisInput) {
    this.resources = input.resources;
    this.diagnostics = input.diagnostics ?? [];
    this.reg = input.snapshot?.registry;
    this.meshConfig = input.snapshot?.mesh;
    this.domainSuffix = input.domainSuffix ?? input.snapshot?.domainSuffix ?? DEFAULT_DOMAIN_SUFFIX;
    for (const r of input.resources) {
      const list = this.kinds.get(r.kind);
      if (list) list.push(r);
      else this.kinds.set(r.kind, [r]);
    }
  }

  byKind<Spec = any>(kind: string): readonly Resource<Spec>[] {
    return (this.kinds.get(kind) ?? []) as Resource<Spec>[];
  }

  /** Services and endpoints from Services, ServiceEntries, Pods, WorkloadEntries, ... (registry/). */
  get registry(): ServiceRegistry {
    this.reg ??= buildServiceRegistry(
      this.resources.filter((r) => REGISTRY_KINDS.has(r.kind)),
      { domainSuffix: this.domainSuffix },
    );
    return this.reg;
  }

  /** The mesh config of ConfigMap istio (or Istio's defaults). */
  get mesh(): MeshConfig {
    this.meshConfig ??= meshConfigFromResources(this.byKind('ConfigMap'), { domainSuffix: this.domainSuffix });
    return this.meshConfig;
  }

  get rootNamespace(): string {
    return this.mesh.rootNamespace;
  }

  secret(namespace: string, name: string): Resource | undefined {
    this.secrets ??= new Map(this.byKind('Secret').map((r) => [`${r.metadata.namespace}/${r.metadata.name}`, r]));
    return this.secrets.get(`${namespace}/${name}`);
  }

  get workloads(): readonly AnalyzedWorkload[] {
    this.workloadList ??= collectWorkloads((k) => this.byKind(k));
    return this.workloadList;
  }

  /** True when the files describe any workload, so "selects nothing" checks are meaningful. */
  get hasWorkloads(): boolean {
    return WORKLOAD_KINDS.some((k) => this.byKind(k).length > 0);
  }

  /** Resolves a host as written in a resource of `namespace` (short names are Kubernetes names there). */
  fqdn(host: string, namespace: string): string {
    return resolveShortName(host, namespace, this.domainSuffix);
  }

  /**
   * The service a host names, as seen from `namespace`: a Kubernetes Service or ServiceEntry host
   * exported to that namespace, else the most specific wildcard ServiceEntry covering it.
   */
  findService(host: string, namespace: string): Service | undefined {
    const key = `${namespace}|${host}`;
    if (this.serviceCache.has(key)) return this.serviceCache.get(key);
    const found = this.lookupService(host, namespace);
    this.serviceCache.set(key, found);
    return found;
  }

  private lookupService(host: string, namespace: string): Service | undefined {
    const fqdn = this.fqdn(host, namespace);
    const reg = this.registry;
    let visible: Service | undefined;
    for (const s of reg.servicesByHost.get(fqdn) ?? []) {
      if (!isVisibleTo(s.exportTo, s.namespace, namespace)) continue;
      if (s.namespace === namespace) return s;
      visible ??= s;
    }
    if (visible) return visible;
    this.wildcardServices ??= [...reg.servicesByHost.keys()].filter(isWildcard);
    if (this.wildcardServices.length === 0) return undefined;
    const ok = (s: Service): boolean => isVisibleTo(s.exportTo, s.namespace, namespace);
    const w = mostSpecificMatch(fqdn, this.wildcardServices.filter((h) => (reg.servicesByHost.get(h) ?? []).some(ok)));
    return w ? (reg.servicesByHost.get(w) ?? []).find(ok) : undefined;
  }

  /** Resources of `kind` the loader rejected (they have an IST0106 and are not analyzed), as `ns/name (file:line)`. */
  rejected(kind: string): { namespace: string; name: string; where: string }[] {
    const out = new Map<string, { namespace: string; name: string; where: string }>();
    for (const d of this.diagnostics) {
      if (d.severity !== 'Error' || d.kind !== kind || !d.name) continue;
      const key = `${d.namespace ?? ''}/${d.name}`;
      if (!out.has(key)) out.set(key, { namespace: d.namespace ?? '', name: d.name, where: `${d.file ?? ''}:${d.line ?? ''}` });
    }
    return [...out.values()];
  }

  report(type: MessageType, r: Resource | undefined, args: readonly unknown[], opts: ReportOptions = {}): void {
    const text = formatTemplate(type.template, args);
    const m: AnalysisMessage = { code: type.code, name: type.name, level: type.level, message: opts.hint ? `${text}${/[.!?]$/.test(text) ? '' : '.'} ${opts.hint}` : text };
    if (r) m.origin = { kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name };
    const pos = resolveAt(opts.at, r?.body) ?? (r ? { file: r.source.file, line: r.source.line, col: r.source.col } : undefined);
    if (pos) {
      m.file = pos.file;
      m.line = pos.line;
    }
    if (opts.path) m.path = opts.path;
    this.messages.push(m);
  }
}

/** `anchor`: the reported resource's body, which locates values the loader left without positions of their own. */
function resolveAt(at: At, anchor: object | undefined): Position | undefined {
  if (!at) return undefined;
  if ('file' in at && typeof (at as Position).line === 'number') return at as Position;
  const { holder, key } = at as { holder: unknown; key?: string | number };
  if (key === undefined) return posOf(holder, undefined, anchor);
  return valuePosOf(holder, key, anchor) ?? posOf(holder, undefined, anchor);
}

/** `ns/name` of a resource. */
export function nsName(r: Resource): string {
  return `${r.metadata.namespace}/${r.metadata.name}`;
}
