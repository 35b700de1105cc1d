/**
 * The mesh config: parsing the YAML text held by the `mesh` key of ConfigMap `istio` /
 * `istio-mesh-cm` into a MeshConfig with strict checking, diagnostics placed at their line and
 * column inside the ConfigMap's file, and Istio's defaults applied. Also finds that ConfigMap
 * among loaded resources. Schema: mesh-config-schema.ts; defaults: mesh-config-defaults.ts.
 */
import type { Diagnostic, Position } from '../../config/diagnostic.ts';
import { decodeText } from '../../config/decode.ts';
import { positionsOf, posOf, setPositions, valuePosOf, type NodePositions } from '../../config/source-map.ts';
import type { Resource } from '../resource.ts';
import { checkValue, type SchemaReporter } from '../schema-check.ts';
import type { ObjectSchema } from '../schema.ts';
import { DEFAULT_MESH_CONFIG, mergeMeshConfig, type ResolvedMeshConfig } from './mesh-config-defaults.ts';
import { meshConfigSchema, REMOVED_MESH_FIELDS, type MeshConfig } from './mesh-config-schema.ts';
import { EXTENSION_PROVIDER_TYPES, extensionProvider } from './mesh-extension-providers.ts';

export { meshConfigSchema, REMOVED_MESH_FIELDS, OUTBOUND_TRAFFIC_POLICY_MODES, ACCESS_LOG_ENCODINGS } from './mesh-config-schema.ts';
export type { MeshConfig, OutboundTrafficPolicyMode } from './mesh-config-schema.ts';
export { DEFAULT_MESH_CONFIG, DEFAULT_PROXY_CONFIG, defaultMeshConfig, mergeMeshConfig, mergeProxyConfig } from './mesh-config-defaults.ts';
export type { ResolvedMeshConfig } from './mesh-config-defaults.ts';

/** Names of the ConfigMaps whose `mesh` key holds the mesh config, preferred first. */
export const MESH_CONFIG_MAP_NAMES = ['istio', 'istio-mesh-cm'] as const;
export const MESH_CONFIG_KEY = 'mesh';
export const ISTIO_SYSTEM_NAMESPACE = 'istio-system';

export interface MeshConfigParseOptions {
  /** Columns to add to every column: the indentation a YAML block scalar strips. */
  indent?: number;
  /**
   * When the text is not laid out line for line in the file (a quoted or JSON string), every
   * diagnostic is placed here instead, with the line inside the mesh text named in the message.
   */
  pin?: Position;
  /** Field path of the mesh config in messages; `mesh` unless given (the validator uses `data.mesh`). */
  path?: string;
}

export interface ParsedMeshConfig {
  /** The mesh config with Istio's defaults applied. */
  mesh: ResolvedMeshConfig;
  /** The mesh config as written, schema-checked; its values carry positions in the file. */
  raw: MeshConfig;
  diagnostics: Diagnostic[];
}

/**
 * Parses mesh config YAML whose first line is line `startLine` of `file`. Never throws; problems
 * are diagnostics (errors mean Istio would refuse the config and keep the previous one).
 */
export function parseMeshConfig(text: string, file: string, startLine = 1, opts: MeshConfigParseOptions = {}): ParsedMeshConfig {
  const path = opts.path ?? 'mesh';
  const diagnostics: Diagnostic[] = [];
  const move = relocator(file, startLine, opts);
  const push = (severity: 'Error' | 'Warning', message: string, p: Position | undefined, at?: string): void => {
    const q = move(p ?? { file, line: 1, col: 1 });
    const d: Diagnostic = { severity, message: q.note ? `${message} (line ${q.note} of the mesh config)` : message, file: q.file, line: q.line, col: q.col };
    if (at !== undefined) d.path = at;
    diagnostics.push(d);
  };
  const empty = { mesh: mergeMeshConfig({}), raw: {} as MeshConfig, diagnostics };
  const decoded = decodeText(text, file);
  for (const d of decoded.diagnostics) push('Error', `${path}: ${d.message}`, { file, line: d.line ?? 1, col: d.col ?? 1 });
  if (decoded.documents.length === 0) return empty;
  if (decoded.documents.length > 1) {
    push('Error', `${path}: expected one YAML document, found ${decoded.documents.length}`, decoded.documents[1].pos, path);
  }
  const doc = decoded.documents[0];
  for (const d of doc.diagnostics) push('Error', `${path}: ${d.message}`, { file, line: d.line ?? 1, col: d.col ?? 1 });
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    push('Error', `${path}: expected a YAML mapping of MeshConfig fields, got ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`, doc.pos, path);
    return empty;
  }
  const raw = value as Record<string, unknown>;
  const reporter: SchemaReporter = {
    error: (message, p, fieldPath) => push('Error', message, p ?? doc.pos, fieldPath),
    warn: (message, p, fieldPath) => push('Warning', message, p ?? doc.pos, fieldPath),
  };
  const holder = { [path]: raw };
  setPositions(holder, { self: doc.pos, values: new Map([[path, doc.pos]]) });
  checkMeshConfigFields(raw, path, holder, path, reporter);
  // From here on the tree's positions are file positions, for the semantic validators that follow.
  relocateTree(raw, move);
  const hasErrors = diagnostics.some((d) => d.severity === 'Error');
  return { mesh: hasErrors ? safeMerge(raw as MeshConfig) : mergeMeshConfig(raw as MeshConfig), raw: raw as MeshConfig, diagnostics };
}

/**
 * The strict check of a decoded MeshConfig object found at `holder[key]` (reusable wherever a
 * MeshConfig is embedded, e.g. IstioOperator spec.meshConfig): fields Istio removed are reported
 * with what replaced them, a provider field written beside its block with advice to indent it,
 * then the schema (unknown fields with did-you-mean, types, enums, oneofs, deprecations). Removed
 * and misplaced fields are deleted from `raw`. Returns the number of errors.
 */
export function checkMeshConfigFields(raw: Record<string, unknown>, path: string, holder: object, key: string, reporter: SchemaReporter): number {
  let errors = 0;
  const error = (message: string, p: Position | undefined, at: string): void => {
    errors++;
    reporter.error(message, p, at);
  };
  for (const k of Object.keys(raw)) {
    const camel = k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const advice = Object.prototype.hasOwnProperty.call(REMOVED_MESH_FIELDS, camel) ? REMOVED_MESH_FIELDS[camel] : undefined;
    if (advice && !Object.prototype.hasOwnProperty.call(meshConfigSchema.fields, camel)) {
      error(`${path}: field "${k}" was removed from MeshConfig; ${advice}`, posOf(raw, k), `${path}.${k}`);
      delete raw[k];
    }
  }
  misplacedProviderFields(raw, path, error);
  checkValue(meshConfigSchema, raw, path, holder, key, { error, warn: (m, p, at) => reporter.warn(m, p, at) });
  return errors;
}

/**
 * A field of a provider block written one level too far out (seed 003 puts includeHeadersInCheck
 * beside envoyExtAuthzHttp instead of inside it) is reported with that advice, not as a bare
 * unknown field.
 */
function misplacedProviderFields(raw: Record<string, unknown>, path: string, error: (m: string, p: Position | undefined, at: string) => void): void {
  const list = raw.extensionProviders;
  if (!Array.isArray(list)) return;
  list.forEach((p: unknown, i) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) return;
    const o = p as Record<string, unknown>;
    const type = EXTENSION_PROVIDER_TYPES.find((t) => o[t] !== undefined && o[t] !== null && typeof o[t] === 'object');
    if (!type) return;
    const block = extensionProvider.fields[type] as ObjectSchema;
    for (const k of Object.keys(o)) {
      if (k in extensionProvider.fields || !Object.prototype.hasOwnProperty.call(block.fields, k)) continue;
      error(`${path}.extensionProviders[${i}]: "${k}" is a field of ${type}, not of the extension provider; indent it under ${type}`, posOf(o, k), `${path}.extensionProviders[${i}].${k}`);
      delete o[k];
    }
  });
}

/** Merging a config with schema errors must not throw: fall back to the defaults when it cannot be applied. */
function safeMerge(raw: MeshConfig): ResolvedMeshConfig {
  try {
    return mergeMeshConfig(raw);
  } catch {
    return mergeMeshConfig({});
  }
}

type Moved = Position & { note?: string };

function relocator(file: string, startLine: number, opts: MeshConfigParseOptions): (p: Position) => Moved {
  if (opts.pin) {
    const pin = opts.pin;
    return (p) => ({ file: pin.file, line: pin.line, col: pin.col, note: `${p.line}:${p.col}` });
  }
  const indent = opts.indent ?? 0;
  return (p) => ({ file, line: p.line + startLine - 1, col: p.col + indent });
}

/** Re-registers the source positions of every object and list of a decoded tree, moved into the file. */
function relocateTree(root: object, move: (p: Position) => Position): void {
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const p = positionsOf(v);
    if (p) setPositions(v, movePositions(p, move));
    for (const child of Object.values(v)) visit(child);
  };
  visit(root);
}

function movePositions(p: NodePositions, move: (p: Position) => Position): NodePositions {
  const mapEntries = (m: Map<string, Position> | undefined): Map<string, Position> | undefined =>
    m ? new Map([...m].map(([k, pos]) => [k, strip(move(pos))])) : undefined;
  return { self: strip(move(p.self)), keys: mapEntries(p.keys), values: mapEntries(p.values), items: p.items?.map((x) => strip(move(x))) };
}

function strip(p: Moved): Position {
  return { file: p.file, line: p.line, col: p.col };
}

/**
 * Where the text of `holder[key]` (a string value, such as a ConfigMap's `data.mesh`) starts in its
 * file. For a YAML block scalar (`mesh: |`) its lines follow the key line for line, indented; for a
 * quoted or JSON string they do not, and diagnostics are pinned to the value. Source positions do
 * not record the scalar style, so a block scalar is recognised by the layout around it.
 */
export function embeddedTextOrigin(holder: object, key: string, text: string): { startLine: number; opts: MeshConfigParseOptions } | undefined {
  const keyPos = posOf(holder, key);
  const valPos = valuePosOf(holder, key);
  if (!keyPos || !valPos) return undefined;
  const pinned = { startLine: valPos.line, opts: { pin: valPos } };
  if (valPos.col - keyPos.col !== key.length + 2) return pinned; // `"mesh": "…"` (JSON) or unusual spacing
  const lines = text.replace(/\n$/, '').split('\n').length;
  let next = Infinity;
  for (const [k, p] of positionsOf(holder)?.keys ?? []) if (k !== key && p.line > valPos.line) next = Math.min(next, p.line);
  if (next <= valPos.line + lines) return pinned; // a sibling sits where the block's lines would be
  if (lines === 1 && next === Infinity) return pinned; // one line and nothing after it: cannot tell
  return { startLine: valPos.line + 1, opts: { indent: keyPos.col + 1 } };
}

/** The ConfigMap holding the mesh config: `istio` before `istio-mesh-cm`, istio-system before other namespaces. */
export function findMeshConfigMap(resources: readonly Resource[]): Resource | undefined {
  const candidates = resources.filter(
    (r) => r.kind === 'ConfigMap' && r.group === '' && (MESH_CONFIG_MAP_NAMES as readonly string[]).includes(r.metadata.name) && typeof r.body.data?.[MESH_CONFIG_KEY] === 'string',
  );
  const rank = (r: Resource): number => (r.metadata.namespace === ISTIO_SYSTEM_NAMESPACE ? 0 : 2) + (MESH_CONFIG_MAP_NAMES as readonly string[]).indexOf(r.metadata.name);
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

/** The mesh config of a set of resources, defaults filled; the defaults alone when there is no mesh ConfigMap. */
export function meshConfigFromResources(resources: readonly Resource[]): ResolvedMeshConfig {
  const cm = findMeshConfigMap(resources);
  if (!cm) return mergeMeshConfig({}, DEFAULT_MESH_CONFIG);
  return parseMeshConfig(cm.body.data[MESH_CONFIG_KEY] as string, cm.source.file).mesh;
}
