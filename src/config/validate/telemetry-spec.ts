/**
 * Semantic rules for Telemetry, after Istio's admission webhook: provider references are named,
 * tracing sampling is a percentage, custom tags are complete, metric tag overrides match their
 * operation, access-log filters are valid CEL, and selector vs targetRefs are exclusive.
 */
import type { Resource } from '../../api/resource.ts';
import type { AccessLogging, Metrics, ProviderRef, Telemetry, Tracing } from '../../api/telemetry/telemetry.ts';
import type { ValidationContext } from './context.ts';
import { validateIstioAnnotations, validatePolicyTargeting } from './policy-target.ts';
import { celSyntaxError } from './rules/cel.ts';
import { validateDuration } from './rules/values.ts';

export function validateTelemetry(r: Resource<Telemetry>, ctx: ValidationContext): void {
  const spec = r.spec;
  validateIstioAnnotations(r, ctx);
  validatePolicyTargeting(spec, ctx);
  const tracing = spec.tracing ?? [];
  if (tracing.length > 1) ctx.warn('spec.tracing', 'multiple tracing is not currently supported', spec, 'tracing');
  tracing.forEach((t, i) => validateTracing(t, `spec.tracing[${i}]`, ctx));
  (spec.metrics ?? []).forEach((m, i) => validateMetrics(m, `spec.metrics[${i}]`, ctx));
  (spec.accessLogging ?? []).forEach((a, i) => validateAccessLogging(a, `spec.accessLogging[${i}]`, ctx));
}

function validateProviders(providers: ProviderRef[] | undefined, path: string, ctx: ValidationContext): void {
  (providers ?? []).forEach((p, i) => {
    if (p.name === '') ctx.error(`${path}[${i}].name`, 'providers.name may not be empty', p, 'name');
  });
}

function validateTracing(t: Tracing, p: string, ctx: ValidationContext): void {
  if ((t.providers?.length ?? 0) > 1) ctx.warn(`${p}.providers`, 'multiple providers is not currently supported', t, 'providers');
  validateProviders(t.providers, `${p}.providers`, ctx);
  const pct = t.randomSamplingPercentage;
  if (pct !== undefined && (pct < 0 || pct > 100)) ctx.error(`${p}.randomSamplingPercentage`, `randomSamplingPercentage must be in range [0.0, 100.0], found ${pct}`, t, 'randomSamplingPercentage');
  for (const [name, tag] of Object.entries(t.customTags ?? {})) {
    const tp = `${p}.customTags.${name}`;
    if (name === '') ctx.error(tp, 'tag name may not be empty', t.customTags, name);
    if (tag === null || tag === undefined) {
      ctx.error(tp, `tag '${name}' may not have a nil value`, t.customTags, name);
      continue;
    }
    if (tag.literal?.value === '') ctx.error(`${tp}.literal.value`, 'literal tag value may not be empty', tag.literal, 'value');
    if (tag.header?.name === '') ctx.error(`${tp}.header.name`, 'header tag name may not be empty', tag.header, 'name');
    if (tag.environment?.name === '') ctx.error(`${tp}.environment.name`, 'environment tag name may not be empty', tag.environment, 'name');
    if (tag.formatter?.value === '') ctx.error(`${tp}.formatter.value`, 'formatter tag value may not be empty', tag.formatter, 'value');
    if (!tag.literal && !tag.header && !tag.environment && !tag.formatter) {
      ctx.error(tp, `tag '${name}' must set one of literal, environment, header or formatter`, t.customTags, name);
    }
  }
}

function validateMetrics(m: Metrics, p: string, ctx: ValidationContext): void {
  validateProviders(m.providers, `${p}.providers`, ctx);
  if (m.reportingInterval !== undefined) {
    const e = validateDuration(m.reportingInterval);
    if (e) ctx.error(`${p}.reportingInterval`, `must be a valid duration greater than 1ms: ${e}`, m, 'reportingInterval');
  }
  (m.overrides ?? []).forEach((o, i) => {
    const op = `${p}.overrides[${i}]`;
    if (o.match?.customMetric === '') ctx.error(`${op}.match.customMetric`, 'customMetric may not be empty', o.match, 'customMetric');
    for (const [tag, to] of Object.entries(o.tagOverrides ?? {})) {
      const tp = `${op}.tagOverrides.${tag}`;
      if (tag === '') ctx.warn(tp, 'tagOverrides.name may not be empty', o.tagOverrides, tag);
      if (to === null || to === undefined) {
        ctx.error(tp, 'tagOverrides may not be null', o.tagOverrides, tag);
        continue;
      }
      const operation = to.operation ?? 'UPSERT';
      if (operation === 'UPSERT' && !to.value) ctx.error(tp, `tagOverrides.value must be set when operation is UPSERT${to.operation ? '' : ' (the default operation)'}`, o.tagOverrides, tag);
      if (operation === 'REMOVE' && to.value !== undefined) ctx.error(`${tp}.value`, 'tagOverrides.value may only be set when operation is UPSERT', to, 'value');
      if (operation === 'UPSERT' && to.value) {
        const e = celSyntaxError(to.value);
        if (e) ctx.warn(`${tp}.value`, `tag value should be a valid CEL expression (such as request.host or string(destination.port)): ${e}`, to, 'value');
      }
    }
  });
}

function validateAccessLogging(a: AccessLogging, p: string, ctx: ValidationContext): void {
  validateProviders(a.providers, `${p}.providers`, ctx);
  if (a.filter === undefined) return;
  const expr = a.filter.expression;
  if (expr === undefined || expr.trim() === '') {
    ctx.error(`${p}.filter.expression`, 'filter expression must be set: a CEL expression such as response.code >= 400', a.filter, 'expression');
    return;
  }
  const e = celSyntaxError(expr);
  if (e) ctx.error(`${p}.filter.expression`, `must be a valid CEL expression, ${e}`, a.filter, 'expression');
}
