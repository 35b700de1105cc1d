/**
 * Semantic rules for EnvoyFilter, after Istio's admission webhook (ValidateEnvoyFilter) and the
 * way istiod applies patches: every patch names applyTo, an operation and (unless REMOVE) a value;
 * the match kind fits applyTo; the operation is one istiod applies to that kind of object (INSERT_*
 * only for list elements: listener filters, network filters, HTTP filters, HTTP routes); relative
 * operations name the element they are relative to; the proxy version regex compiles.
 */
import type { Resource } from '../../api/resource.ts';
import type { ApplyTo, EnvoyConfigObjectPatch, EnvoyFilter, PatchOperation } from '../../api/networking/envoy-filter.ts';
import type { ValidationContext } from './context.ts';
import { validateIstioAnnotations } from './policy-target.ts';
import { selectorProblems } from './rules/selector.ts';
import { validateRegex } from './rules/values.ts';

type Ctx = ValidationContext;

export const ENVOY_FILTER_WARNING =
  'EnvoyFilter exposes internal implementation details that may change at any time. Prefer other APIs if possible, and exercise extreme caution, especially around upgrades.';

const MERGES: PatchOperation[] = ['MERGE', 'MERGE_AND_REPLACE_LIST'];
const LIST_OPS: PatchOperation[] = ['ADD', 'INSERT_FIRST', 'INSERT_AFTER', 'INSERT_BEFORE', 'REPLACE', 'REMOVE', 'MERGE'];

/** The operations istiod applies, per applyTo; any other operation is silently ignored by istiod. */
export const SUPPORTED_OPERATIONS: Readonly<Record<Exclude<ApplyTo, 'INVALID'>, readonly PatchOperation[]>> = {
  LISTENER: ['ADD', 'REMOVE', ...MERGES],
  FILTER_CHAIN: ['ADD', 'REMOVE', ...MERGES],
  LISTENER_FILTER: LIST_OPS,
  NETWORK_FILTER: LIST_OPS,
  HTTP_FILTER: LIST_OPS,
  ROUTE_CONFIGURATION: MERGES,
  VIRTUAL_HOST: ['ADD', 'REMOVE', 'REPLACE', ...MERGES],
  HTTP_ROUTE: ['ADD', 'INSERT_FIRST', 'INSERT_AFTER', 'INSERT_BEFORE', 'REMOVE', ...MERGES],
  CLUSTER: ['ADD', 'REMOVE', ...MERGES],
  EXTENSION_CONFIG: ['ADD'],
  BOOTSTRAP: ['MERGE'],
};

/** For list elements: the match field naming the element an operation is relative to. */
const ANCHORS: Partial<Record<ApplyTo, { field: string; has: (p: EnvoyConfigObjectPatch) => boolean }>> = {
  LISTENER_FILTER: { field: 'match.listener.listenerFilter', has: (p) => !!p.match?.listener?.listenerFilter },
  NETWORK_FILTER: { field: 'match.listener.filterChain.filter.name', has: (p) => !!p.match?.listener?.filterChain?.filter },
  HTTP_FILTER: { field: 'match.listener.filterChain.filter.subFilter.name', has: (p) => !!p.match?.listener?.filterChain?.filter?.subFilter },
  HTTP_ROUTE: { field: 'match.routeConfiguration.vhost.route.name', has: (p) => !!p.match?.routeConfiguration?.vhost?.route },
};

const LISTENER_CLASS: ApplyTo[] = ['LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER'];
const ROUTE_CLASS: ApplyTo[] = ['ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE'];
const HCM = ['envoy.filters.network.http_connection_manager', 'envoy.http_connection_manager'];
/** Old filter names istiod still translates (xds.ReverseDeprecatedFilterNames), for a warning. */
const DEPRECATED_FILTER_NAMES: Readonly<Record<string, string>> = {
  'envoy.http_connection_manager': 'envoy.filters.network.http_connection_manager',
  'envoy.tcp_proxy': 'envoy.filters.network.tcp_proxy',
  'envoy.router': 'envoy.filters.http.router',
  'envoy.cors': 'envoy.filters.http.cors',
  'envoy.fault': 'envoy.filters.http.fault',
  'envoy.lua': 'envoy.filters.http.lua',
  'envoy.ext_authz': 'envoy.filters.http.ext_authz',
  'envoy.filters.http.jwt_authn': 'envoy.filters.http.jwt_authn',
  'envoy.listener.tls_inspector': 'envoy.filters.listener.tls_inspector',
  'envoy.listener.http_inspector': 'envoy.filters.listener.http_inspector',
  'envoy.listener.original_dst': 'envoy.filters.listener.original_dst',
};

function checkListenerMatch(ctx: Ctx, path: string, cp: EnvoyConfigObjectPatch): void {
  const applyTo = cp.applyTo!;
  const filter = cp.match?.listener?.filterChain?.filter;
  if (!filter) return;
  const fp = `${path}.match.listener.filterChain.filter`;
  const holder = cp.match!.listener!.filterChain!;
  if (applyTo === 'LISTENER' || applyTo === 'FILTER_CHAIN') ctx.warn(fp, `Envoy filter: filter match has no effect when used with ${applyTo}`, holder, 'filter');
  if (!filter.name) return ctx.error(fp, 'Envoy filter: filter match has no name to match on; set filter.name, e.g. envoy.filters.network.http_connection_manager', holder, 'filter');
  if (filter.subFilter) {
    if (applyTo !== 'HTTP_FILTER') return ctx.error(`${fp}.subFilter`, 'Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only', filter, 'subFilter');
    if (!HCM.includes(filter.name)) return ctx.error(`${fp}.subFilter`, 'Envoy filter: subfilter match requires filter match with envoy.filters.network.http_connection_manager', filter, 'subFilter');
    if (!filter.subFilter.name) return ctx.error(`${fp}.subFilter`, 'Envoy filter: subfilter match has no name to match on', filter, 'subFilter');
  }
  for (const [holderObj, name] of [[filter, filter.name], [filter.subFilter, filter.subFilter?.name]] as const) {
    const instead = name ? DEPRECATED_FILTER_NAMES[name] : undefined;
    if (instead && instead !== name) ctx.warn(`${fp}.name`, `using deprecated filter name "${name}"; use "${instead}" instead`, holderObj, 'name');
  }
}

function checkMatchKind(ctx: Ctx, path: string, cp: EnvoyConfigObjectPatch): boolean {
  const m = cp.match;
  const applyTo = cp.applyTo!;
  const hasObject = !!(m?.listener || m?.routeConfiguration || m?.cluster || m?.waypoint);
  if (!hasObject) return true;
  let expected: string | undefined;
  if (LISTENER_CLASS.includes(applyTo) && !m!.listener) expected = 'applyTo for listener class objects cannot have non listener match';
  else if (ROUTE_CLASS.includes(applyTo) && !m!.routeConfiguration) expected = 'applyTo for http route class objects cannot have non route configuration match';
  else if (applyTo === 'CLUSTER' && !m!.cluster) expected = 'applyTo for cluster class objects cannot have non cluster match';
  if (expected) ctx.error(`${path}.match`, `Envoy filter: ${expected}`, cp, 'match');
  return !expected;
}

function checkOperation(ctx: Ctx, path: string, cp: EnvoyConfigObjectPatch): void {
  const applyTo = cp.applyTo as Exclude<ApplyTo, 'INVALID'>;
  const op = cp.patch!.operation!;
  const supported = SUPPORTED_OPERATIONS[applyTo];
  if (!supported.includes(op)) {
    ctx.error(`${path}.patch.operation`, `Envoy filter: operation ${op} is not supported for applyTo ${applyTo} (istiod ignores the patch); use one of ${supported.join(', ')}`, cp.patch, 'operation');
    return;
  }
  const anchor = ANCHORS[applyTo];
  if (!anchor || anchor.has(cp)) return;
  const at = `${path}.patch.operation`;
  if (op === 'INSERT_AFTER') ctx.warn(at, `INSERT_AFTER without ${anchor.field} appends at the end, the same as ADD; name the ${applyTo.toLowerCase().replace('_', ' ')} to insert after`, cp.patch, 'operation');
  else if (op === 'INSERT_BEFORE') ctx.warn(at, `INSERT_BEFORE without ${anchor.field} inserts first, the same as INSERT_FIRST; name the ${applyTo.toLowerCase().replace('_', ' ')} to insert before`, cp.patch, 'operation');
  else if (op === 'REPLACE' || (op === 'REMOVE' && applyTo !== 'HTTP_ROUTE') || (op === 'MERGE' && applyTo === 'LISTENER_FILTER')) {
    ctx.error(at, `Envoy filter: ${op} of a ${applyTo} needs ${anchor.field} to name the element; without it istiod does nothing`, cp.patch, 'operation');
  }
}

function checkPatch(ctx: Ctx, path: string, cp: EnvoyConfigObjectPatch, list: unknown[], i: number): void {
  if (cp.match && (cp.match.context === 'WAYPOINT') !== !!cp.match.waypoint) {
    ctx.error(`${path}.match`, 'only support waypointMatch when context is WAYPOINT', cp, 'match');
  }
  if (cp.match?.context === 'WAYPOINT') return;
  if (!cp.applyTo || cp.applyTo === 'INVALID') return ctx.error(path, 'Envoy filter: missing applyTo; set it to the kind of object to patch, e.g. HTTP_FILTER or CLUSTER', list, i);
  if (!cp.patch) return ctx.error(path, 'Envoy filter: missing patch; add patch with an operation and a value', list, i);
  const op = cp.patch.operation;
  if (!op || op === 'INVALID') return ctx.error(`${path}.patch`, 'Envoy filter: missing patch operation; set patch.operation, e.g. MERGE, ADD or INSERT_BEFORE', cp, 'patch');
  if (op !== 'REMOVE' && cp.patch.value === undefined) return ctx.error(`${path}.patch`, 'Envoy filter: missing patch value for non-remove operation', cp, 'patch');
  if (op !== 'REMOVE' && (cp.patch.value === null || typeof cp.patch.value !== 'object' || Array.isArray(cp.patch.value))) {
    return ctx.error(`${path}.patch.value`, 'Envoy filter: patch value must be an object (an Envoy configuration fragment)', cp.patch, 'value');
  }
  const pv = cp.match?.proxy?.proxyVersion;
  if (pv) {
    if (pv.length > 1024) ctx.warn(`${path}.match.proxy.proxyVersion`, 'Envoy filter: proxyVersion match exceeds 1024 characters and will be ignored', cp.match!.proxy, 'proxyVersion');
    else {
      const e = validateRegex(pv);
      if (e) return ctx.error(`${path}.match.proxy.proxyVersion`, `Envoy filter: invalid regex for proxy version, [${e}]`, cp.match!.proxy, 'proxyVersion');
    }
  }
  if (!checkMatchKind(ctx, path, cp)) return;
  if (LISTENER_CLASS.includes(cp.applyTo) || cp.applyTo === 'LISTENER_FILTER') checkListenerMatch(ctx, path, cp);
  checkOperation(ctx, path, cp);
}

export function validateEnvoyFilter(r: Resource<EnvoyFilter>, ctx: ValidationContext): void {
  const ef = r.spec;
  ctx.warn('', ENVOY_FILTER_WARNING);
  validateIstioAnnotations(r, ctx);
  const sel = ef.workloadSelector;
  if (sel) {
    for (const p of selectorProblems(sel.labels)) {
      if (p.severity === 'Error') ctx.error(`spec.workloadSelector.labels.${p.key}`, p.message, sel.labels, p.key);
      else ctx.warn(`spec.workloadSelector.labels.${p.key}`, p.message, sel.labels, p.key);
    }
    if (Object.keys(sel.labels ?? {}).length === 0) ctx.warn('spec.workloadSelector', 'Envoy filter: workload selector specified without labels, will be applied to all services in namespace', ef, 'workloadSelector');
    if ((ef.targetRefs ?? []).length > 0) ctx.error('spec.targetRefs', 'only one of targetRefs or workloadSelector can be set', ef, 'targetRefs');
  }
  if ((ef.targetRefs ?? []).length > 16) ctx.error('spec.targetRefs', `targetRefs can have at most 16 entries, found ${ef.targetRefs!.length}`, ef, 'targetRefs');
  const patches = ef.configPatches ?? [];
  patches.forEach((cp, i) => checkPatch(ctx, `spec.configPatches[${i}]`, cp, patches, i));
}
