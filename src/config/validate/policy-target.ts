/**
 * Rules shared by the policy kinds that pick workloads with `selector` or attach to resources with
 * `targetRef`/`targetRefs` (AuthorizationPolicy, RequestAuthentication, PeerAuthentication,
 * Telemetry), and Istio's metadata rules (the `istio.io/dry-run` annotation and the annotations
 * reserved for Istio itself). Wording after Istio's admission webhook.
 */
import type { Resource } from '../../api/resource.ts';
import type { PolicyTargetReference, WorkloadSelector } from '../../api/security/selector.ts';
import type { ValidationContext } from './context.ts';
import { isEmptySelector, selectorProblems } from './rules/selector.ts';

export const DRY_RUN_ANNOTATION = 'istio.io/dry-run';

/** Annotations that only Istio itself may set. */
const RESERVED_ANNOTATIONS: Readonly<Record<string, string>> = {
  'internal.istio.io/webhook-always-reject': 'annotation found, rejecting',
  'internal.istio.io/parent-namespace': 'annotation found, this may not be set by users',
  'internal.istio.io/parents': 'annotation found, this may not be set by users',
};

const RESERVED_ANNOTATION_ENTRIES = Object.entries(RESERVED_ANNOTATIONS);

/** The kinds a `targetRef` may name, as `group/kind` (`core` for the Kubernetes core group). */
export const ALLOWED_TARGET_KINDS = ['core/Service', 'networking.istio.io/ServiceEntry', 'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass'] as const;

const TARGET_GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const TARGET_KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** Go's strconv.ParseBool spellings, which Istio uses for annotation values. */
const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * `istio.io/dry-run` is only for AuthorizationPolicy with action ALLOW or DENY (pass `action`
 * for AuthorizationPolicy, undefined for other kinds); reserved annotations are always rejected.
 */
export function validateIstioAnnotations(r: Resource, ctx: ValidationContext, authorizationAction?: string): void {
  const ann = r.metadata.annotations ?? {};
  const value = ann[DRY_RUN_ANNOTATION];
  if (value !== undefined) {
    const where = `metadata.annotations.${DRY_RUN_ANNOTATION}`;
    const id = `${r.metadata.namespace}/${r.metadata.name}`;
    if (authorizationAction === undefined) {
      ctx.error(where, `${id} has unsupported annotation ${DRY_RUN_ANNOTATION}, please remove the annotation`, ann, DRY_RUN_ANNOTATION);
    } else if (authorizationAction !== 'ALLOW' && authorizationAction !== 'DENY') {
      ctx.error(where, `the annotation ${DRY_RUN_ANNOTATION} currently only supports action ALLOW/DENY, found action ${authorizationAction} in ${id}`, ann, DRY_RUN_ANNOTATION);
    } else if (!GO_BOOLS.has(String(value))) {
      ctx.error(where, `${id} has annotation ${DRY_RUN_ANNOTATION} with invalid value (${JSON.stringify(value)}); use "true" or "false"`, ann, DRY_RUN_ANNOTATION);
    }
  }
  for (const [name, text] of RESERVED_ANNOTATION_ENTRIES) {
    if (ann[name] !== undefined) ctx.error(`metadata.annotations.${name}`, `"${name}" ${text}`, ann, name);
  }
}

/**
 * `selector.matchLabels`: no empty keys and no wildcards (errors), label syntax that can never match
 * (warnings, as rules/selector.ts judges them for every kind); a selector without labels is a warning.
 */
export function validateWorkloadSelector(selector: WorkloadSelector | undefined, path: string, ctx: ValidationContext, holder: unknown, key = 'selector'): void {
  if (selector === undefined) return;
  const labels = selector.matchLabels ?? {};
  if (isEmptySelector(labels)) {
    ctx.warn(path, 'workload selector specified without labels; it selects every workload in the namespace', holder, key);
    return;
  }
  for (const p of selectorProblems(labels)) {
    if (p.severity === 'Error') ctx.error(`${path}.matchLabels.${p.key}`, p.message, labels, p.key);
    else ctx.warn(`${path}.matchLabels.${p.key}`, p.message, labels, p.key);
  }
}

/** One `targetRef`: name set, same namespace, and one of the kinds a policy can attach to. */
export function validatePolicyTargetReference(ref: PolicyTargetReference | undefined, path: string, ctx: ValidationContext, holder: unknown, key: string | number): void {
  if (ref === undefined) return;
  if (!ref.name) ctx.error(`${path}.name`, 'targetRef name must be set', ref, 'name');
  if (ref.namespace) ctx.error(`${path}.namespace`, 'targetRef namespace must not be set; cross namespace referencing is not supported', ref, 'namespace');
  const group = ref.group ?? '';
  if (group.length > 253 || !TARGET_GROUP.test(group)) ctx.error(`${path}.group`, `targetRef group "${group}" is not a valid API group`, ref, 'group');
  if (!ref.kind || ref.kind.length > 63 || !TARGET_KIND.test(ref.kind)) {
    ctx.error(`${path}.kind`, `targetRef kind "${ref.kind ?? ''}" is not a valid kind name`, ref, 'kind');
    return;
  }
  const canonical = `${group === '' ? 'core' : group}/${ref.kind}`;
  if (!(ALLOWED_TARGET_KINDS as readonly string[]).includes(canonical)) {
    ctx.error(path, `targetRef must be to one of ${ALLOWED_TARGET_KINDS.join(', ')} but was ${group}/${ref.kind}`, holder, key);
  }
}

interface Targeting {
  selector?: WorkloadSelector;
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
}

/** `selector`, `targetRef` and `targetRefs` are mutually exclusive; each is checked on its own. */
export function validatePolicyTargeting(spec: Targeting, ctx: ValidationContext): void {
  const set = [spec.selector !== undefined && 'selector', spec.targetRef !== undefined && 'targetRef', (spec.targetRefs?.length ?? 0) > 0 && 'targetRefs'].filter(Boolean) as string[];
  if (set.length > 1) ctx.error('spec', `only one of targetRefs or selector can be set (found ${set.join(' and ')})`, spec, set[1]);
  validateWorkloadSelector(spec.selector, 'spec.selector', ctx, spec);
  validatePolicyTargetReference(spec.targetRef, 'spec.targetRef', ctx, spec, 'targetRef');
  const refs = spec.targetRefs ?? [];
  if (refs.length > 16) ctx.error('spec.targetRefs', `at most 16 targetRefs may be set, found ${refs.length}`, spec, 'targetRefs');
  refs.forEach((ref, i) => validatePolicyTargetReference(ref, `spec.targetRefs[${i}]`, ctx, refs, i));
}
