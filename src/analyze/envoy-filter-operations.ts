/**
 * EnvoyFilter patch operations that Istio's EnvoyPatchAnalyzer flags, computed once and shared by
 * IST0151–IST0155: relative operations (INSERT_BEFORE/AFTER, REPLACE, REMOVE) without a priority,
 * the same when another EnvoyFilter pins that filter name to a proxyVersion, and operations that
 * do nothing for their applyTo (ADD/REMOVE on ROUTE_CONFIGURATION or HTTP_ROUTE, REPLACE outside
 * HTTP_FILTER / NETWORK_FILTER / VIRTUAL_HOST).
 */
import type { EnvoyConfigObjectPatch, EnvoyFilter } from '../api/networking/envoy-filter.ts';
import type { Resource } from '../api/resource.ts';
import type { Analyzer } from './analyzer.ts';
import type { AnalysisContext } from './context.ts';
import type { MessageType } from './messages.ts';

export type PatchFinding = 'relative' | 'relativeWithProxyVersion' | 'replaceMisused' | 'addIgnored' | 'removeIgnored';

export interface EnvoyFilterFinding {
  ef: Resource<EnvoyFilter>;
  index: number;
  patch: EnvoyConfigObjectPatch;
  finding: PatchFinding;
}

const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
const REPLACEABLE = new Set(['NETWORK_FILTER', 'HTTP_FILTER', 'VIRTUAL_HOST']);

/** The filter name a patch is about: its value's `name`, else the listener filter it matches. */
function instanceName(p: EnvoyConfigObjectPatch): string {
  const v = p.patch?.value as { name?: unknown } | undefined;
  if (!v || typeof v !== 'object' || Object.keys(v).length === 0) return '';
  if (typeof v.name === 'string') return v.name;
  return p.match?.listener?.filterChain?.filter?.name ?? '';
}

function scan(ef: Resource<EnvoyFilter>, pinned: string[], out: EnvoyFilterFinding[]): void {
  const priority = ef.spec?.priority ?? 0;
  for (const [index, p] of (ef.spec?.configPatches ?? []).entries()) {
    if (!p?.patch) break;
    const name = instanceName(p);
    const op = p.patch.operation;
    const relative = (): void => {
      if (priority !== 0) return;
      out.push({ ef, index, patch: p, finding: pinned.includes(name) ? 'relativeWithProxyVersion' : 'relative' });
    };
    if (op === 'ADD') {
      if (ROUTE_LEVEL.has(p.applyTo ?? '')) out.push({ ef, index, patch: p, finding: 'addIgnored' });
    } else if (op === 'REMOVE') {
      if (ROUTE_LEVEL.has(p.applyTo ?? '')) out.push({ ef, index, patch: p, finding: 'removeIgnored' });
      else relative();
    } else if (op === 'REPLACE') {
      if (!REPLACEABLE.has(p.applyTo ?? '')) out.push({ ef, index, patch: p, finding: 'replaceMisused' });
      else relative();
    } else if (op === 'INSERT_BEFORE' || op === 'INSERT_AFTER') relative();
    if (p.match?.proxy?.proxyVersion) pinned.push(name);
  }
}

const cache = new WeakMap<AnalysisContext, EnvoyFilterFinding[]>();

export function envoyFilterFindings(ctx: AnalysisContext): EnvoyFilterFinding[] {
  let out = cache.get(ctx);
  if (out) return out;
  out = [];
  const pinned: string[] = [];
  const sorted = [...ctx.byKind<EnvoyFilter>('EnvoyFilter')].sort((a, b) => a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name));
  for (const ef of sorted) scan(ef, pinned, out);
  cache.set(ctx, out);
  return out;
}

/** An analyzer reporting one kind of finding with one message type. */
export function envoyFilterAnalyzer(name: string, finding: PatchFinding, type: MessageType, hint: (f: EnvoyFilterFinding) => string): Analyzer {
  return {
    name,
    description: type.description,
    messages: [type],
    analyze(ctx) {
      for (const f of envoyFilterFindings(ctx)) {
        if (f.finding !== finding) continue;
        ctx.report(type, f.ef, [], { hint: hint(f), at: { holder: f.ef.spec.configPatches, key: f.index }, path: `spec.configPatches[${f.index}]` });
      }
    },
  };
}
