/**
 * Semantic rules for ProxyConfig, after Istio's ValidateProxyConfig and the CRD: a workload
 * selector without wildcards, concurrency ≥ 0, environment variables the proxy container can
 * carry, and an image type that makes a valid image tag.
 */
import type { ProxyConfig } from '../../api/networking/proxy-config.ts';
import type { Resource } from '../../api/resource.ts';
import type { ValidationContext } from './context.ts';
import { reportSelector } from './report.ts';

/** Kubernetes' rule for container environment variable names. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IMAGE_TAG_PART = /^[A-Za-z0-9_.-]+$/;
const MAX_ENV_VALUE = 2048;

function validateEnvironment(pc: ProxyConfig, ctx: ValidationContext): void {
  const env = pc.environmentVariables ?? {};
  for (const [name, value] of Object.entries(env)) {
    const p = `spec.environmentVariables.${name}`;
    if (!ENV_NAME.test(name)) {
      ctx.warn(p, `"${name}" is not a valid environment variable name (letters, digits, '_', '-', '.', not starting with a digit); Kubernetes will refuse the injected proxy container`, env, name);
    }
    if (value.length > MAX_ENV_VALUE) ctx.error(p, `value is ${value.length} characters long; the maximum is ${MAX_ENV_VALUE}`, env, name);
  }
}

export function validateProxyConfig(r: Resource<ProxyConfig>, ctx: ValidationContext): void {
  const pc = r.spec;
  if (pc.selector) {
    reportSelector(pc.selector.matchLabels ?? {}, 'spec.selector.matchLabels', ctx, 'workload selector specified without labels; it selects every workload in the namespace (leave selector out for a namespace-wide ProxyConfig)', pc, 'selector');
  }
  if (pc.concurrency !== undefined && pc.concurrency < 0) {
    ctx.error('spec.concurrency', `concurrency must be greater than or equal to 0, got ${pc.concurrency}; 0 means one worker thread per CPU core`, pc, 'concurrency');
  }
  validateEnvironment(pc, ctx);
  const type = pc.image?.imageType;
  if (type !== undefined && type !== '' && !IMAGE_TAG_PART.test(type)) {
    ctx.warn('spec.image.imageType', `imageType "${type}" cannot be part of an image tag (letters, digits, '_', '.', '-'); Istio publishes default, debug and distroless`, pc.image, 'imageType');
  }
}
