/**
 * Semantic rules for apps/v1 Deployment: a non-empty selector that matches the Pod template's
 * labels (otherwise Kubernetes rejects it: the Deployment would never own its Pods), a valid
 * PodSpec, and a rollingUpdate block only with the RollingUpdate strategy.
 */
import type { Resource } from '../../api/resource.ts';
import type { Deployment } from '../../api/kubernetes/deployment.ts';
import type { ValidationContext } from './context.ts';
import { checkLabelMap, checkLabelSelector, selectorMatches } from './k8s-names.ts';
import { validatePodSpec } from './k8s-pod.ts';

export function validateDeployment(r: Resource, ctx: ValidationContext): void {
  const spec = (r.body as Deployment).spec;
  const sel = spec.selector;
  checkLabelSelector(sel, 'spec.selector', ctx);
  const labels = spec.template.metadata?.labels ?? {};
  checkLabelMap(spec.template.metadata?.labels, 'spec.template.metadata.labels', ctx);
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions?.length ?? 0) === 0) {
    ctx.error('spec.selector', 'empty selector is invalid for a Deployment; set matchLabels to the Pod template labels', spec, 'selector');
  } else if (!selectorMatches(sel, labels)) {
    ctx.error('spec.template.metadata.labels', '`selector` does not match template `labels`', spec.template.metadata ?? spec.template, spec.template.metadata ? 'labels' : undefined);
  }
  validatePodSpec(spec.template.spec, 'spec.template.spec', ctx);
  if (spec.strategy?.type === 'Recreate' && spec.strategy.rollingUpdate) {
    ctx.error('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'", spec.strategy, 'rollingUpdate');
  }
}
