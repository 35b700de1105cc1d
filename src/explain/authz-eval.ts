/**
 * Istio AuthorizationPolicy evaluation for one request, three-valued: a rule matches (`yes`), does
 * not (`no`), or depends on what the configuration cannot know (`unknown`: the peer identity, the
 * client IP, JWT claims). Istio's order: CUSTOM, then DENY (any match denies), then ALLOW (when any
 * ALLOW policy applies, one must match). Values follow Istio's matching: exact, `prefix*`,
 * `*suffix` and `*`; hosts case-insensitive; `not*` fields negate.
 */
import type { AuthorizationPolicy, Condition, Operation, Rule, Source } from '../api/security/authorization-policy.ts';
import type { Resource } from '../api/resource.ts';

export type Tri = 'yes' | 'no' | 'unknown';

export interface AuthzRequest {
  method: string;
  path: string;
  host: string;
  port: number;
  headers: Record<string, string>;
  sni?: string;
  /** Peer identity: a SPIFFE principal, '' for a peer without one (plaintext), undefined when unknown. */
  principal?: string;
  /** Namespace of the peer: '' without an identity, undefined when unknown. */
  sourceNamespace?: string;
}

export interface PolicyVerdict {
  policy: Resource<AuthorizationPolicy>;
  action: string;
  /** Index of the first rule that matches (or may match). */
  rule?: number;
  match: Tri;
}

function valueMatches(pattern: string, v: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const s = ignoreCase ? v.toLowerCase() : v;
  if (p === '*') return true;
  if (p.endsWith('*')) return s.startsWith(p.slice(0, -1));
  if (p.startsWith('*')) return s.endsWith(p.slice(1));
  return p === s;
}

const and = (a: Tri, b: Tri): Tri => (a === 'no' || b === 'no' ? 'no' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'yes');
const or = (xs: Tri[]): Tri => (xs.includes('yes') ? 'yes' : xs.includes('unknown') ? 'unknown' : 'no');

/** `values` must match and `notValues` must not; undefined value means unknown. */
function field(values: readonly string[] | undefined, notValues: readonly string[] | undefined, v: string | undefined, ignoreCase = false): Tri {
  let r: Tri = 'yes';
  if (values?.length) r = v === undefined ? 'unknown' : values.some((p) => valueMatches(p, v, ignoreCase)) ? 'yes' : 'no';
  if (notValues?.length) r = and(r, v === undefined ? 'unknown' : notValues.some((p) => valueMatches(p, v, ignoreCase)) ? 'no' : 'yes');
  return r;
}

/** Identities: '' means the request carries none (plaintext peer, no token) — matches no value, every `not` value. */
function identity(values: readonly string[] | undefined, notValues: readonly string[] | undefined, v: string | undefined): Tri {
  if (v === '') return values?.length ? 'no' : 'yes';
  return field(values, notValues, v);
}

function source(s: Source, q: AuthzRequest): Tri {
  let r: Tri = identity(s.principals, s.notPrincipals, q.principal);
  r = and(r, identity(s.namespaces, s.notNamespaces, q.sourceNamespace));
  r = and(r, identity(s.requestPrincipals, s.notRequestPrincipals, q.headers.authorization ? undefined : ''));
  if (s.ipBlocks?.length || s.notIpBlocks?.length || s.remoteIpBlocks?.length || s.notRemoteIpBlocks?.length) r = and(r, 'unknown');
  return r;
}

function operation(o: Operation, q: AuthzRequest): Tri {
  const path = q.path.split('?')[0];
  let r = field(o.methods, o.notMethods, q.method);
  r = and(r, field(o.paths, o.notPaths, path));
  r = and(r, field(o.hosts, o.notHosts, q.host, true));
  return and(r, field(o.ports, o.notPorts, String(q.port)));
}

function condition(c: Condition, q: AuthzRequest): Tri {
  const header = /^request\.headers\[(.+)\]$/.exec(c.key);
  let v: string | undefined;
  if (header) v = q.headers[header[1].toLowerCase()] ?? '';
  else if (c.key === 'destination.port') v = String(q.port);
  else if (c.key === 'connection.sni') v = q.sni ?? '';
  else if (c.key === 'source.namespace') v = q.sourceNamespace;
  else if (c.key === 'source.principal') v = q.principal;
  if (header && q.headers[header[1].toLowerCase()] === undefined) return c.values?.length ? 'no' : 'yes';
  return field(c.values, c.notValues, v);
}

export function ruleMatches(rule: Rule | undefined, q: AuthzRequest): Tri {
  if (!rule) return 'yes';
  let r: Tri = 'yes';
  if (rule.from?.length) r = and(r, or(rule.from.map((f) => source(f?.source ?? {}, q))));
  if (rule.to?.length) r = and(r, or(rule.to.map((t) => operation(t?.operation ?? {}, q))));
  for (const c of rule.when ?? []) r = and(r, condition(c, q));
  return r;
}

export function evaluatePolicy(p: Resource<AuthorizationPolicy>, q: AuthzRequest): PolicyVerdict {
  const action = p.spec?.action ?? 'ALLOW';
  const rules = p.spec?.rules ?? [];
  let best: Tri = 'no';
  let index: number | undefined;
  rules.forEach((r, i) => {
    const m = ruleMatches(r, q);
    if (m === 'yes' && best !== 'yes') {
      best = 'yes';
      index = i;
    } else if (m === 'unknown' && best === 'no') {
      best = 'unknown';
      index = i;
    }
  });
  return { policy: p, action, rule: index, match: best };
}

export interface Decision {
  decision: 'allow' | 'deny' | 'custom' | 'depends';
  verdicts: PolicyVerdict[];
  reason: string;
}

export function decide(policies: readonly Resource<AuthorizationPolicy>[], q: AuthzRequest): Decision {
  const verdicts = policies.filter((p) => p.spec?.action !== 'AUDIT').map((p) => evaluatePolicy(p, q));
  const name = (v: PolicyVerdict): string => `${v.policy.metadata.namespace}/${v.policy.metadata.name}${v.rule !== undefined ? ` rule ${v.rule}` : ''}`;
  const custom = verdicts.filter((v) => v.action === 'CUSTOM' && v.match !== 'no');
  if (custom.length) return { decision: 'custom', verdicts, reason: `CUSTOM policy ${name(custom[0])} sends the request to extension provider ${custom[0].policy.spec.provider?.name ?? '?'} for a decision` };
  const deny = verdicts.filter((v) => v.action === 'DENY');
  const denied = deny.find((v) => v.match === 'yes');
  if (denied) return { decision: 'deny', verdicts, reason: `DENY policy ${name(denied)} matches: 403 RBAC: access denied` };
  const allow = verdicts.filter((v) => v.action === 'ALLOW');
  const maybeDenied = deny.find((v) => v.match === 'unknown');
  if (allow.length === 0) return maybeDenied ? { decision: 'depends', verdicts, reason: `DENY policy ${name(maybeDenied)} may match, depending on the client's identity or address` } : { decision: 'allow', verdicts, reason: 'no ALLOW policy applies and no DENY policy matches' };
  const allowed = allow.find((v) => v.match === 'yes');
  if (allowed && !maybeDenied) return { decision: 'allow', verdicts, reason: `ALLOW policy ${name(allowed)} matches` };
  const maybe = allow.find((v) => v.match === 'unknown');
  if (allowed || maybe) return { decision: 'depends', verdicts, reason: `${allowed ? `ALLOW policy ${name(allowed)} matches` : `ALLOW policy ${name(maybe!)} may match`}${maybeDenied ? ` and DENY policy ${name(maybeDenied)} may match` : ''}, depending on the client's identity, address or token` };
  return { decision: 'deny', verdicts, reason: `ALLOW policies apply (${allow.map((v) => `${v.policy.metadata.namespace}/${v.policy.metadata.name}`).join(', ')}) but none matches: 403 RBAC: access denied` };
}
