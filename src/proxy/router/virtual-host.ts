/**
 * One Envoy `VirtualHost` compiled: its domains (checked), its routes in order, and its TLS
 * requirement. `selectRoute` walks the routes and returns the first match, as Envoy does.
 */
import type { VirtualHost } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';
import type { MatchRequest } from './match-request.ts';
import { RouteEntry } from './route-entry.ts';
import { RouteScope, type ScopeOwner } from './route-scope.ts';

export class VirtualHostEntry {
  readonly name: string;
  readonly domains: string[];
  readonly routes: RouteEntry[];
  readonly requireTls: 'NONE' | 'EXTERNAL_ONLY' | 'ALL';
  /** `x-envoy-attempt-count` on upstream requests / on responses (Istio sets the first). */
  readonly includeRequestAttemptCount: boolean;
  readonly includeAttemptCountInResponse: boolean;
  readonly scope: RouteScope;

  constructor(v: VirtualHost, owner: ScopeOwner, where: string) {
    if (!v || typeof v.name !== 'string' || v.name === '') throw new ConfigError('virtual host has no name');
    if (!Array.isArray(v.domains) || v.domains.length === 0) throw new ConfigError(`virtual host "${v.name}" has no domains`);
    this.name = v.name;
    this.domains = v.domains.map((d) => String(d).toLowerCase());
    this.requireTls = v.requireTls ?? 'NONE';
    this.includeRequestAttemptCount = v.includeRequestAttemptCount === true;
    this.includeAttemptCountInResponse = v.includeAttemptCountInResponse === true;
    const here = `${where} virtual host "${v.name}"`;
    this.scope = new RouteScope(owner, here, v, v.retryPolicy);
    this.routes = (v.routes ?? []).map((r, i) => {
      try {
        return new RouteEntry(r, this.scope);
      } catch (e) {
        throw new ConfigError(`virtual host "${v.name}" route ${r?.name ? `"${r.name}"` : `#${i}`}: ${(e as Error).message}`);
      }
    });
  }

  selectRoute(req: MatchRequest): RouteEntry | undefined {
    const routes = this.routes;
    for (let i = 0; i < routes.length; i++) {
      const r = routes[i];
      if (r.matchesAll || r.match(req)) return r;
    }
    return undefined;
  }
}
