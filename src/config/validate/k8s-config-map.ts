/**
 * Semantic rules for core/v1 ConfigMap: valid keys, base64 binaryData, no key in both data and
 * binaryData, the 1 MiB limit — and for the mesh ConfigMap (`istio` / `istio-mesh-cm`), the
 * `mesh` key parsed as MeshConfig, strictly, with every problem placed at its line inside the file.
 */
import type { Resource } from '../../api/resource.ts';
import type { ConfigMap } from '../../api/kubernetes/config-map.ts';
import { embeddedTextOrigin, MESH_CONFIG_KEY, MESH_CONFIG_MAP_NAMES, meshConfigSchema, parseMeshConfig } from '../../api/kubernetes/mesh-config.ts';
import { decodeText } from '../decode.ts';
import type { ValidationContext } from './context.ts';
import { checkBase64Map, checkDataSize, checkTextMap } from './k8s-data.ts';
import { validateMeshConfig } from './k8s-mesh-config.ts';

export function validateConfigMap(r: Resource, ctx: ValidationContext): void {
  const body = r.body as ConfigMap;
  checkTextMap(body.data, 'data', ctx);
  const binary = checkBase64Map(body.binaryData, 'binaryData', ctx);
  let size = 0;
  for (const [k, v] of Object.entries(body.data ?? {})) {
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
    if (body.binaryData && k in body.binaryData) ctx.error(`binaryData[${k}]`, `duplicate of key "${k}" present in data; a key may be in data or binaryData, not both`, body.binaryData, k);
  }
  for (const [k, v] of binary) size += Buffer.byteLength(k) + v.length;
  checkDataSize(size, 'data', body.data ?? body.binaryData, ctx);
  const mesh = body.data?.[MESH_CONFIG_KEY];
  if (typeof mesh !== 'string') return;
  if ((MESH_CONFIG_MAP_NAMES as readonly string[]).includes(r.metadata.name)) checkMesh(r, body.data!, mesh, ctx);
  else if (looksLikeMeshConfig(mesh)) {
    ctx.warn(`data.${MESH_CONFIG_KEY}`, `holds mesh config, but the mesh reads it only from a ConfigMap named ${MESH_CONFIG_MAP_NAMES.map((n) => `"${n}"`).join(' or ')}; this one is ignored`, body.data, MESH_CONFIG_KEY);
  }
}

function looksLikeMeshConfig(text: string): boolean {
  const doc = decodeText(text, '').documents[0]?.value;
  return doc !== null && typeof doc === 'object' && !Array.isArray(doc) && Object.keys(doc).some((k) => k in meshConfigSchema.fields);
}

function checkMesh(r: Resource, data: Record<string, string>, text: string, ctx: ValidationContext): void {
  const origin = embeddedTextOrigin(data, MESH_CONFIG_KEY, text);
  const path = `data.${MESH_CONFIG_KEY}`;
  const parsed = parseMeshConfig(text, r.source.file, origin?.startLine ?? r.source.line, { ...origin?.opts, path });
  const base = { kind: r.kind, namespace: r.metadata.namespace || undefined, name: r.metadata.name };
  for (const d of parsed.diagnostics) ctx.diagnostics.push({ ...base, ...d });
  if (parsed.diagnostics.some((d) => d.severity === 'Error')) return;
  validateMeshConfig(parsed.raw, path, r.metadata.namespace, ctx);
}
