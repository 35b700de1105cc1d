/**
 * Semantic rules for core/v1 Namespace: the name is a DNS label, labels are valid, and the sidecar
 * injection labels are ones Istio's injector acts on (`istio-injection: enabled|disabled`; not
 * together with a revision label `istio.io/rev`, which it then ignores).
 */
import type { Resource } from '../../api/resource.ts';
import type { ValidationContext } from './context.ts';
import { dns1123LabelProblem } from './k8s-names.ts';
import { validateLabelKey, validateLabelValue } from './rules/values.ts';

export const INJECTION_LABEL = 'istio-injection';
export const REVISION_LABEL = 'istio.io/rev';

export function validateNamespace(r: Resource, ctx: ValidationContext): void {
  const name = r.metadata.name;
  const e = dns1123LabelProblem(name);
  if (e) ctx.error('metadata.name', `invalid Namespace name: ${e}`);
  const labels = r.metadata.labels;
  for (const [k, v] of Object.entries(labels)) {
    const p = validateLabelKey(k) ?? validateLabelValue(String(v));
    if (p) ctx.error(`metadata.labels.${k}`, p, labels, k);
  }
  const injection = labels[INJECTION_LABEL];
  if (injection !== undefined && injection !== 'enabled' && injection !== 'disabled') {
    ctx.warn(`metadata.labels.${INJECTION_LABEL}`, `"${injection}" is neither "enabled" nor "disabled"; sidecar injection ignores it`, labels, INJECTION_LABEL);
  }
  if (injection === 'enabled' && labels[REVISION_LABEL] !== undefined) {
    ctx.warn(`metadata.labels.${REVISION_LABEL}`, `is ignored while ${INJECTION_LABEL}=enabled is set; keep one injection label`, labels, REVISION_LABEL);
  }
}
