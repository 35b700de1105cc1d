/**
 * `spec.meshConfig` of an IstioOperator: the same MeshConfig that the `mesh` key of the istio
 * ConfigMap holds (istioctl renders it there), checked with the same schema and semantic rules,
 * with fields removed from MeshConfig reported with what replaced them.
 */
import { meshConfigSchema, REMOVED_MESH_FIELDS, type MeshConfig } from '../../api/kubernetes/mesh-config.ts';
import type { Resource } from '../../api/resource.ts';
import { checkValue, type SchemaReporter } from '../../api/schema-check.ts';
import type { Position } from '../diagnostic.ts';
import type { ValidationContext } from './context.ts';
import { validateMeshConfig } from './k8s-mesh-config.ts';

const toCamel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Adds a diagnostic whose message already names its path (schema messages do). */
function pushAt(ctx: ValidationContext, severity: 'Error' | 'Warning', message: string, pos: Position | undefined, path: string): void {
  const r: Resource = ctx.resource;
  const p = pos ?? { file: r.source.file, line: r.source.line, col: r.source.col };
  ctx.diagnostics.push({ severity, message, file: p.file, line: p.line, col: p.col, kind: r.kind, namespace: r.metadata.namespace || undefined, name: r.metadata.name, path });
}

export function validateOperatorMeshConfig(spec: { meshConfig?: unknown }, ctx: ValidationContext): void {
  const mc = spec.meshConfig;
  if (mc === null || typeof mc !== 'object' || Array.isArray(mc)) return;
  const raw = mc as Record<string, unknown>;
  const path = 'spec.meshConfig';
  let errors = 0;
  for (const k of Object.keys(raw)) {
    const camel = toCamel(k);
    const advice = Object.prototype.hasOwnProperty.call(REMOVED_MESH_FIELDS, camel) && !Object.prototype.hasOwnProperty.call(meshConfigSchema.fields, camel) ? REMOVED_MESH_FIELDS[camel] : undefined;
    if (advice) {
      ctx.error(`${path}.${k}`, `field "${k}" was removed from MeshConfig; ${advice}`, raw, k);
      delete raw[k];
      errors++;
    }
  }
  const reporter: SchemaReporter = {
    error: (message, pos, at) => {
      errors++;
      pushAt(ctx, 'Error', message, pos, at);
    },
    warn: (message, pos, at) => pushAt(ctx, 'Warning', message, pos, at),
  };
  checkValue(meshConfigSchema, raw, path, spec, 'meshConfig', reporter);
  if (errors === 0) validateMeshConfig(raw as MeshConfig, path, ctx.resource.metadata.namespace, ctx);
}
