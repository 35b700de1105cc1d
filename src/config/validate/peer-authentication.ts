/**
 * Semantic rules for PeerAuthentication, after Istio's admission webhook and CRD rules:
 * port-level mTLS needs a workload selector with labels (a mesh- or namespace-wide policy has no
 * ports to refer to), needs at least one entry, and its keys are port numbers 1..65535.
 */
import type { Resource } from '../../api/resource.ts';
import type { PeerAuthentication } from '../../api/security/peer-authentication.ts';
import type { ValidationContext } from './context.ts';
import { validateIstioAnnotations, validateWorkloadSelector } from './policy-target.ts';

export function validatePeerAuthentication(r: Resource<PeerAuthentication>, ctx: ValidationContext): void {
  const spec = r.spec;
  validateIstioAnnotations(r, ctx);
  validateWorkloadSelector(spec.selector, 'spec.selector', ctx, spec);
  const ports = spec.portLevelMtls;
  if (ports === undefined) return;
  const keys = Object.keys(ports);
  const hasLabels = Object.keys(spec.selector?.matchLabels ?? {}).length > 0;
  if (!hasLabels && keys.length > 0) {
    ctx.error('spec.portLevelMtls', 'portLevelMtls requires selector: mesh/namespace peer authentication cannot have port level mTLS', spec, 'portLevelMtls');
  }
  if (keys.length === 0) ctx.error('spec.portLevelMtls', 'port level mTLS, if defined, must have at least one element', spec, 'portLevelMtls');
  for (const k of keys) {
    const n = /^[0-9]+$/.test(k) ? Number(k) : NaN;
    if (!(n >= 1 && n <= 65535)) ctx.error(`spec.portLevelMtls.${k}`, `port must be between 1-65535, found "${k}"`, ports, k);
  }
}
