/**
 * Semantic rules for AuthorizationPolicy, after Istio's admission webhook: action and provider
 * (CUSTOM ⇔ provider), rules that are present but empty, source/operation/condition values,
 * `when` keys from Istio's attribute list, selector vs targetRefs, the dry-run annotation, and the
 * DENY-with-only-HTTP-attributes warning.
 */
import type { AuthorizationPolicy, Condition, Operation, Rule, Source } from '../../api/security/authorization-policy.ts';
import type { Resource } from '../../api/resource.ts';
import {
  checkIPOrCIDR,
  checkMethod,
  checkNamespaceValue,
  checkNonEmpty,
  checkPath,
  checkPortString,
  checkRequestPrincipal,
  checkServiceAccount,
  checkTrustDomain,
  checkWhenKey,
  checkWildcardPlacement,
  whenValueCheck,
  type ValueCheck,
} from './authorization-values.ts';
import type { ValidationContext } from './context.ts';
import { validateIstioAnnotations, validatePolicyTargeting } from './policy-target.ts';

const MAX_ITEMS = 512;

const SOURCE_CHECKS: Readonly<Record<keyof Source, ValueCheck>> = {
  principals: checkWildcardPlacement,
  notPrincipals: checkWildcardPlacement,
  requestPrincipals: checkRequestPrincipal,
  notRequestPrincipals: checkRequestPrincipal,
  namespaces: checkNamespaceValue,
  notNamespaces: checkNamespaceValue,
  serviceAccounts: checkServiceAccount,
  notServiceAccounts: checkServiceAccount,
  ipBlocks: checkIPOrCIDR,
  notIpBlocks: checkIPOrCIDR,
  remoteIpBlocks: checkIPOrCIDR,
  notRemoteIpBlocks: checkIPOrCIDR,
  trustDomains: checkTrustDomain,
  notTrustDomains: checkTrustDomain,
};

const OPERATION_CHECKS: Readonly<Record<keyof Operation, ValueCheck>> = {
  hosts: checkWildcardPlacement,
  notHosts: checkWildcardPlacement,
  ports: checkPortString,
  notPorts: checkPortString,
  methods: checkMethod,
  notMethods: checkMethod,
  paths: checkPath,
  notPaths: checkPath,
};

const SOURCE_FIELDS = Object.keys(SOURCE_CHECKS) as (keyof Source)[];
const OPERATION_FIELDS = Object.keys(OPERATION_CHECKS) as (keyof Operation)[];

/** Source fields CUSTOM cannot use: the ext-authz filter runs before peer and request authentication results exist. */
const CUSTOM_UNSUPPORTED_SOURCE: readonly (keyof Source)[] = [
  'namespaces',
  'notNamespaces',
  'serviceAccounts',
  'notServiceAccounts',
  'trustDomains',
  'notTrustDomains',
  'principals',
  'notPrincipals',
  'requestPrincipals',
  'notRequestPrincipals',
];
const CUSTOM_UNSUPPORTED_KEYS = new Set(['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal']);

/** Source fields that apply to TCP traffic as well as HTTP (they do not need HTTP to be evaluated). */
const TCP_SOURCE_FIELDS: readonly (keyof Source)[] = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'];

/** Runs `check` over every value of a string list field, reporting at the value's position. */
export function checkValues(list: string[] | undefined, path: string, field: string, check: ValueCheck, ctx: ValidationContext): void {
  (list ?? []).forEach((v, i) => {
    const p = checkNonEmpty(v, field) ?? check(v, field);
    if (!p) return;
    if (p.severity === 'Error') ctx.error(`${path}[${i}]`, p.message, list, i);
    else ctx.warn(`${path}[${i}]`, p.message, list, i);
  });
}

const nonEmpty = (l: unknown[] | undefined): boolean => (l?.length ?? 0) > 0;

export function validateAuthorizationPolicy(r: Resource<AuthorizationPolicy>, ctx: ValidationContext): void {
  const spec = r.spec;
  const action = spec.action ?? 'ALLOW';
  validateIstioAnnotations(r, ctx, action);
  validatePolicyTargeting(spec, ctx);
  validateActionAndProvider(spec, action, ctx);
  const rules = spec.rules ?? [];
  if (rules.length > MAX_ITEMS) ctx.error('spec.rules', `at most ${MAX_ITEMS} rules may be set, found ${rules.length}`, spec, 'rules');
  rules.forEach((rule, i) => validateRule(rule, i, action, ctx));
}

const meaningless = (a: string): string => `${a} action without \`rules\` is meaningless as it will never be triggered, add an empty rule \`{}\` if you want it be triggered for every request`;

function validateActionAndProvider(spec: AuthorizationPolicy, action: string, ctx: ValidationContext): void {
  if (action === 'CUSTOM') {
    if (!spec.provider?.name) {
      ctx.error(spec.provider ? 'spec.provider.name' : 'spec.provider', 'CUSTOM action without a provider: `provider.name` must not be empty', spec.provider ?? spec, spec.provider ? 'name' : 'action');
    }
    if (!nonEmpty(spec.rules)) ctx.error('spec.rules', meaningless('CUSTOM'), spec, spec.rules ? 'rules' : 'action');
  } else if (spec.provider !== undefined) {
    ctx.error('spec.provider', `\`provider\` must not be with non CUSTOM action, found ${action}; provider is only used with action CUSTOM`, spec, 'provider');
  }
  if (action === 'DENY' && !nonEmpty(spec.rules)) ctx.error('spec.rules', meaningless('DENY'), spec, spec.rules ? 'rules' : 'action');
}

function validateRule(rule: Rule, i: number, action: string, ctx: ValidationContext): void {
  const p = `spec.rules[${i}]`;
  let tcpInFrom = false;
  let tcpInTo = false;
  let fromExists = false;
  let toExists = false;
  if (rule.from !== undefined && rule.from.length === 0) ctx.error(`${p}.from`, `\`from\` must not be empty, found at rule ${i}`, rule, 'from');
  if ((rule.from?.length ?? 0) > MAX_ITEMS) ctx.error(`${p}.from`, `at most ${MAX_ITEMS} from entries may be set`, rule, 'from');
  (rule.from ?? []).forEach((from, j) => {
    const fp = `${p}.from[${j}]`;
    if (from.source === undefined) {
      ctx.error(`${fp}.source`, `\`from.source\` must not be nil, found at rule ${i}`, rule.from, j);
      return;
    }
    fromExists = true;
    if (validateSource(from.source, `${fp}.source`, i, action, ctx)) tcpInFrom = true;
  });
  if (rule.to !== undefined && rule.to.length === 0) ctx.error(`${p}.to`, `\`to\` must not be empty, found at rule ${i}`, rule, 'to');
  (rule.to ?? []).forEach((to, j) => {
    const tp = `${p}.to[${j}]`;
    if (to.operation === undefined) {
      ctx.error(`${tp}.operation`, `\`to.operation\` must not be nil, found at rule ${i}`, rule.to, j);
      return;
    }
    toExists = true;
    if (validateOperation(to.operation, `${tp}.operation`, i, ctx)) tcpInTo = true;
  });
  (rule.when ?? []).forEach((c, j) => validateCondition(c, `${p}.when[${j}]`, action, ctx));
  if (action === 'DENY' && ((fromExists && !toExists && !tcpInFrom) || (toExists && !tcpInTo))) {
    ctx.warn(
      p,
      'configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port',
      ctx.resource.spec.rules,
      i,
    );
  }
}

/** Checks a source; returns true when it uses attributes that also apply to TCP traffic. */
function validateSource(src: Source, path: string, rule: number, action: string, ctx: ValidationContext): boolean {
  const fields = SOURCE_FIELDS;
  if (!fields.some((f) => nonEmpty(src[f]))) ctx.error(path, `\`from.source\` must not be empty, found at rule ${rule}`, src);
  const identity = nonEmpty(src.principals) || nonEmpty(src.notPrincipals) || nonEmpty(src.namespaces) || nonEmpty(src.notNamespaces);
  if (identity && (nonEmpty(src.serviceAccounts) || nonEmpty(src.notServiceAccounts))) {
    ctx.error(path, `cannot set serviceAccounts with namespaces or principals, found at rule ${rule}`, src, nonEmpty(src.serviceAccounts) ? 'serviceAccounts' : 'notServiceAccounts');
  }
  for (const f of ['serviceAccounts', 'notServiceAccounts'] as const) {
    if ((src[f]?.length ?? 0) > 16) ctx.error(`${path}.${f}`, `may not have more than 16 values`, src, f);
  }
  for (const f of fields) if (src[f] !== undefined) checkValues(src[f], `${path}.${f}`, f, SOURCE_CHECKS[f], ctx);
  if (action === 'CUSTOM') {
    for (const f of CUSTOM_UNSUPPORTED_SOURCE) if (nonEmpty(src[f])) ctx.error(`${path}.${f}`, `${f} is currently not supported with CUSTOM action`, src, f);
  }
  return TCP_SOURCE_FIELDS.some((f) => src[f] !== undefined);
}

/** Checks an operation; returns true when it names ports (which also apply to TCP traffic). */
function validateOperation(op: Operation, path: string, rule: number, ctx: ValidationContext): boolean {
  const fields = OPERATION_FIELDS;
  if (!fields.some((f) => nonEmpty(op[f]))) ctx.error(path, `\`to.operation\` must not be empty, found at rule ${rule}`, op);
  for (const f of fields) if (op[f] !== undefined) checkValues(op[f], `${path}.${f}`, f, OPERATION_CHECKS[f], ctx);
  return op.ports !== undefined || op.notPorts !== undefined;
}

function validateCondition(c: Condition, path: string, action: string, ctx: ValidationContext): void {
  const keyProblem = checkWhenKey(c.key);
  if (keyProblem) {
    ctx.error(`${path}.key`, keyProblem.message, c, 'key');
    return;
  }
  if (!nonEmpty(c.values) && !nonEmpty(c.notValues)) {
    ctx.error(path, `at least one of \`values\` or \`notValues\` must be set for key ${c.key}`, c, 'key');
  }
  const check = whenValueCheck(c.key);
  for (const f of ['values', 'notValues'] as const) {
    (c[f] ?? []).forEach((v, i) => {
      const p = check(v, c.key);
      if (!p) return;
      const msg = `invalid \`${f === 'values' ? 'value' : 'notValue'}\` for \`key\` ${c.key}: ${p.message}`;
      if (p.severity === 'Error') ctx.error(`${path}.${f}[${i}]`, msg, c[f], i);
      else ctx.warn(`${path}.${f}[${i}]`, msg, c[f], i);
    });
  }
  if (action === 'CUSTOM' && (CUSTOM_UNSUPPORTED_KEYS.has(c.key) || c.key.startsWith('request.auth.'))) {
    ctx.error(`${path}.key`, `${c.key} is currently not supported with CUSTOM action`, c, 'key');
  }
}
