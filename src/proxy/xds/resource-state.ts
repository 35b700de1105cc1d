/**
 * What the xDS client holds per resource type: the accepted resources (last applied bundle), the
 * candidate ones (accepted + responses not yet ACKed), the last nonce and version, and the names it
 * must subscribe to — RDS names from the listeners, EDS service names from the EDS clusters, SDS
 * names from both. A candidate bundle is complete when LDS and CDS have arrived and every name they
 * refer to is present.
 */
import { clusterEdsName, clusterSecretNames, listenerRouteNames, listenerSecretNames } from '../../envoy/references.ts';
import { emptyProxyResources, RESOURCE_KINDS, type ResourceKind } from '../../envoy/resource-kinds.ts';
import type { Cluster, Listener, ProxyResources } from '../../envoy/types.ts';

export interface PendingResponse {
  nonce: string;
  version: string;
}

export interface TypeState {
  kind: ResourceKind;
  accepted: Map<string, unknown>;
  acceptedVersion: string;
  candidate: Map<string, unknown>;
  /** Version of the last response merged into candidate. */
  candidateVersion: string;
  /** The last response nonce received (requests echo it). */
  lastNonce: string;
  /** A response merged into candidate but neither ACKed nor NACKed yet. */
  pending?: PendingResponse;
  /** Names sent in the last request, sorted; null = wildcard; undefined = never requested. */
  namesSent?: string[] | null;
  /** A response has arrived on some stream (LDS/CDS completeness). */
  received: boolean;
}

const sortedEqual = (a: string[] | null | undefined, b: string[] | null) => (a === null || b === null || a === undefined ? a === b : a.length === b.length && a.every((x, i) => x === b[i]));

export class ResourceState {
  readonly types = new Map<string, TypeState>();

  constructor() {
    for (const kind of RESOURCE_KINDS) {
      this.types.set(kind.typeUrl, { kind, accepted: new Map(), acceptedVersion: '', candidate: new Map(), candidateVersion: '', lastNonce: '', received: false });
    }
  }

  get(typeUrl: string): TypeState {
    return this.types.get(typeUrl)!;
  }

  private byKey(key: ResourceKind['key']): TypeState {
    return [...this.types.values()].find((t) => t.kind.key === key)!;
  }

  private listeners(): Listener[] {
    return [...this.byKey('listeners').candidate.values()] as Listener[];
  }

  private clusters(): Cluster[] {
    return [...this.byKey('clusters').candidate.values()] as Cluster[];
  }

  /** The names to subscribe to for a type, sorted; null for the wildcard types. */
  desiredNames(kind: ResourceKind): string[] | null {
    const set = new Set<string>();
    switch (kind.key) {
      case 'listeners':
      case 'clusters':
        return null;
      case 'routes':
        for (const l of this.listeners()) for (const n of listenerRouteNames(l)) set.add(n);
        break;
      case 'endpoints':
        for (const c of this.clusters()) {
          const n = clusterEdsName(c);
          if (n !== undefined) set.add(n);
        }
        break;
      case 'secrets':
        for (const l of this.listeners()) for (const n of listenerSecretNames(l)) set.add(n);
        for (const c of this.clusters()) for (const n of clusterSecretNames(c)) set.add(n);
        break;
    }
    return [...set].sort();
  }

  /** True when the names to subscribe to differ from the ones last sent. */
  subscriptionChanged(t: TypeState): boolean {
    return !sortedEqual(t.namesSent, this.desiredNames(t.kind));
  }

  /** Merges a decoded response: LDS/CDS replace (state of the world), RDS/EDS/SDS overwrite by name. */
  merge(t: TypeState, resources: Map<string, unknown>, version: string, nonce: string): void {
    t.candidate = t.kind.wildcard ? resources : new Map([...t.candidate, ...resources]);
    t.candidateVersion = version;
    t.lastNonce = nonce;
    t.pending = { nonce, version };
    t.received = true;
  }

  /** What is still missing before the candidate bundle is complete (empty = complete). */
  missing(): string[] {
    const out: string[] = [];
    for (const t of this.types.values()) {
      if (t.kind.wildcard) {
        if (!t.received) out.push(`${t.kind.short} (no response yet)`);
        continue;
      }
      for (const n of this.desiredNames(t.kind) ?? []) if (!t.candidate.has(n)) out.push(`${t.kind.short} ${n}`);
    }
    return out;
  }

  /** The candidate bundle: all listeners and clusters, the subscribed routes, endpoints and secrets present. */
  bundle(): ProxyResources {
    const out = emptyProxyResources();
    for (const t of this.types.values()) {
      const names = this.desiredNames(t.kind);
      const list = names === null ? [...t.candidate.values()] : names.flatMap((n) => (t.candidate.has(n) ? [t.candidate.get(n)] : []));
      (out[t.kind.key] as unknown[]) = list;
    }
    return out;
  }

  /** The types with a response awaiting ACK/NACK. */
  pendingTypes(): TypeState[] {
    return [...this.types.values()].filter((t) => t.pending);
  }

  /** Candidate becomes accepted for every type (after the bundle was applied). */
  commit(): void {
    for (const t of this.types.values()) {
      t.accepted = new Map(t.candidate);
      t.acceptedVersion = t.candidateVersion;
      t.pending = undefined;
    }
  }

  /** Pending responses are dropped: candidate goes back to accepted (after a NACK). */
  revert(types: TypeState[]): void {
    for (const t of types) {
      t.candidate = new Map(t.accepted);
      t.candidateVersion = t.acceptedVersion;
      t.pending = undefined;
    }
  }

  /** The versions of the accepted bundle, per short type name. */
  acceptedVersions(): Record<string, string> {
    return Object.fromEntries([...this.types.values()].map((t) => [t.kind.short, t.acceptedVersion]));
  }
}
