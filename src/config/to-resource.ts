/**
 * One decoded document → validated Resources: checks apiVersion/kind/metadata, expands kubectl
 * `List`s, applies the kind's schema (schema-check.ts) and then its semantic validator.
 */
import type { KindInfo } from '../api/kind.ts';
import { splitApiVersion } from '../api/kind.ts';
import { KINDS, lookupKind, kindsNamed } from '../api/kinds.ts';
import { objectMeta } from '../api/meta.ts';
import type { Resource } from '../api/resource.ts';
import { checkValue, type SchemaReporter } from '../api/schema-check.ts';
import { obj, str } from '../api/schema.ts';
import { memoizeBounded } from '../common/lru-cache.ts';
import { didYouMean } from '../common/suggest.ts';
import type { Diagnostic, Position } from './diagnostic.ts';
import type { RawDocument } from './decode.ts';
import { setOwn } from './decode-fast.ts';
import { type DeferredPositions, posOf, shareDeferred, valuePosOf, withAnchor } from './source-map.ts';
import { ValidationContext } from './validate/context.ts';
import { VALIDATORS } from './validate/index.ts';

export interface ToResourceOptions {
  /** Namespace given to namespaced resources that name none (kubectl's current namespace). */
  defaultNamespace?: string;
  /** Skip semantic validation (schema checks still run). */
  schemaOnly?: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;
const OBJECT_PROTOTYPE = Object.prototype;
/** The labels or annotations of a resource that has none: one frozen object shared by all of them. */
const NONE: Record<string, string> = Object.freeze({});
const NAME_RE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const schemaCache = new WeakMap<KindInfo, ReturnType<typeof obj>>();

function wholeSchema(k: KindInfo): ReturnType<typeof obj> {
  let s = schemaCache.get(k);
  if (!s) {
    s = obj({ apiVersion: str(), kind: str(), metadata: objectMeta, ...k.body.fields }, { name: k.kind, open: k.body.open });
    schemaCache.set(k, s);
  }
  return s;
}

export function documentToResources(doc: RawDocument, file: string, opts: ToResourceOptions = {}): { resources: Resource[]; diagnostics: Diagnostic[] } {
  const out: Output = { resources: [], diagnostics: [], anchor: doc.positions };
  // Values the decoder left without a stamp are looked up in the document's positions meanwhile.
  if (doc.positions) withAnchor(doc.positions, () => convert(doc.value, doc.pos, file, doc.index, opts, out, doc.diagnostics));
  else convert(doc.value, doc.pos, file, doc.index, opts, out, doc.diagnostics);
  return { resources: out.resources, diagnostics: out.diagnostics };
}

/** `anchor`: the document's deferred positions, when its values carry none (RawDocument.positions). */
type Output = { resources: Resource[]; diagnostics: Diagnostic[]; anchor: DeferredPositions | undefined };

/** Reports an error that ends the conversion; the decoder's findings (duplicate keys, ...) are still reported. */
function fail(out: Output, decodeDiags: Diagnostic[], message: string, p: Position): void {
  out.diagnostics.push(...decodeDiags, { severity: 'Error', file: p.file, line: p.line, col: p.col, message });
}

/** The schema checker's reporter for one resource: diagnostics carry the resource's identity. */
class ResourceReporter implements SchemaReporter {
  constructor(
    readonly diags: Diagnostic[],
    private readonly pos: Position,
    private readonly base: Partial<Diagnostic>,
  ) {}

  error(message: string, p: Position | undefined, path: string): void {
    this.diags.push(diag('Error', message, p ?? this.pos, path, this.base));
  }

  warn(message: string, p: Position | undefined, path: string): void {
    this.diags.push(diag('Warning', message, p ?? this.pos, path, this.base));
  }
}

/**
 * apiVersion → group and version, for the few apiVersions a configuration uses: the parts come out
 * as the same strings each time, which the kind table's Maps then find at once.
 */
const splitCached = memoizeBounded(splitApiVersion, 256);

const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function convert(value: unknown, pos: Position, file: string, index: number, opts: ToResourceOptions, out: Output, decodeDiags: Diagnostic[] = []): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : typeof value === 'string' ? 'a string' : `a ${typeof value}`;
    fail(out, decodeDiags, `document is ${what}, not a Kubernetes object (expected a mapping with apiVersion, kind and metadata)`, pos);
    return;
  }
  const o = value as Record<string, any>;
  const apiVersion = o.apiVersion;
  const kind = o.kind;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    fail(out, decodeDiags, apiVersion === undefined ? 'missing "apiVersion"; every object needs apiVersion and kind' : '"apiVersion" must be a non-empty string', posOf(o, 'apiVersion') ?? pos);
    return;
  }
  if (typeof kind !== 'string' || kind === '') {
    fail(out, decodeDiags, kind === undefined ? `missing "kind" (apiVersion is ${apiVersion})` : '"kind" must be a non-empty string', posOf(o, 'kind') ?? pos);
    return;
  }
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(o.items))) {
    if (!Array.isArray(o.items)) {
      fail(out, decodeDiags, 'a List needs an "items" list', posOf(o, 'items') ?? pos);
      return;
    }
    convertListItems(o.items, pos, file, index, opts, out, decodeDiags);
    return;
  }
  const { group, version } = splitCached(apiVersion);
  const info = lookupKind(group, kind);
  if (!info) {
    unknownKind(o, group, kind, apiVersion, pos, out, decodeDiags);
    return;
  }
  if (!info.versions.includes(version)) {
    fail(out, decodeDiags, `${info.group || 'core'} ${kind} is not served at version "${version}"; use one of ${info.versions.join(', ')}`, posOf(o, 'apiVersion') ?? pos);
    return;
  }
  const resource = checkResource(o, info, apiVersion, group, version, kind, pos, file, index, opts, decodeDiags, out.anchor);
  const diags = resource.diagnostics;
  if (!hasError(diags) && !opts.schemaOnly) validateSemantics(resource.resource, diags);
  for (let i = 0; i < diags.length; i++) out.diagnostics.push(diags[i]);
  if (!hasError(diags)) out.resources.push(resource.resource);
}

/** The schema and metadata checks of a known kind, and the Resource they describe. */
function checkResource(o: Record<string, any>, info: KindInfo, apiVersion: string, group: string, version: string, kind: string, pos: Position, file: string, index: number, opts: ToResourceOptions, decodeDiags: Diagnostic[], anchor: DeferredPositions | undefined): { resource: Resource; diagnostics: Diagnostic[] } {
  const meta = (o.metadata ?? {}) as Record<string, any>;
  const name = typeof meta.name === 'string' ? meta.name : '';
  const namespace = info.namespaced ? (typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : (opts.defaultNamespace ?? 'default')) : '';
  const base = { kind, namespace: namespace || undefined, name: name || undefined };
  const diags: Diagnostic[] = decodeDiags.length === 0 ? [] : decodeDiags.map((d) => ({ ...base, ...d }));
  const reporter = new ResourceReporter(diags, pos, base);
  if (o.metadata === undefined) reporter.error('missing "metadata"; the object needs at least metadata.name', pos, 'metadata');
  // No parent: a problem with the object itself (never reached: it is one) falls back to `pos`.
  checkValue(wholeSchema(info), o, '', undefined, '', reporter);
  if (o.metadata && !name && !meta.generateName) reporter.error('metadata.name is required', posOf(meta) ?? pos, 'metadata.name');
  if (name && (name.length > 253 || !NAME_RE.test(name))) {
    reporter.error(`metadata.name "${name}" is not a valid name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`, posOf(meta, 'name') ?? pos, 'metadata.name');
  }
  if (info.namespaced && typeof meta.namespace === 'string' && meta.namespace !== '' && !NAMESPACE_RE.test(meta.namespace)) {
    reporter.error(`metadata.namespace "${meta.namespace}" is not a valid namespace name`, posOf(meta, 'namespace') ?? pos, 'metadata.namespace');
  }
  const dv = info.deprecatedVersions?.[version];
  if (dv) reporter.warn(dv, posOf(o, 'apiVersion') ?? pos, 'apiVersion');
  // A literal V8 tracks (unlike `{}`): resources outlive the load, see decode-fast.ts newMapping().
  const body: Record<string, any> = { __proto__: OBJECT_PROTOTYPE };
  // The body is what a loaded resource keeps: the anchor its values' positions are looked up with later.
  if (anchor) shareDeferred(body, anchor);
  for (const k in o) if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && hasOwn.call(o, k)) setOwn(body, k, o[k]);
  const resource: Resource = {
    apiVersion,
    group,
    version,
    kind,
    metadata: {
      name,
      namespace,
      labels: (meta.labels as Record<string, string>) ?? NONE,
      annotations: (meta.annotations as Record<string, string>) ?? NONE,
      generation: meta.generation,
      resourceVersion: meta.resourceVersion,
      uid: meta.uid,
    },
    spec: body.spec ?? {},
    body,
    source: { file, line: pos.line, col: pos.col, index },
  };
  return { resource, diagnostics: diags };
}

/** Runs the kind's semantic validator, adding its findings to `diags`. */
function validateSemantics(resource: Resource, diags: Diagnostic[]): void {
  const v = VALIDATORS[resource.kind];
  if (!v) return;
  const ctx = new ValidationContext(resource);
  try {
    v(resource, ctx);
  } catch (e) {
    ctx.error('', `internal error while validating: ${(e as Error).message}`);
  }
  for (const d of ctx.diagnostics) diags.push(d);
}

function hasError(diags: readonly Diagnostic[]): boolean {
  for (let i = 0; i < diags.length; i++) if (diags[i].severity === 'Error') return true;
  return false;
}

/** Items of a kubectl `List`; each decoder finding goes to the item whose lines contain it. */
function convertListItems(items: unknown[], pos: Position, file: string, index: number, opts: ToResourceOptions, out: Output, decodeDiags: Diagnostic[]): void {
  const positions = items.map((_, i) => valuePosOf(items, i) ?? pos);
  const starts = positions.map((p) => p.line);
  out.diagnostics.push(...decodeDiags.filter((d) => owningItem(starts, d) < 0));
  items.forEach((item, i) => convert(item, positions[i], file, index, opts, out, decodeDiags.filter((d) => owningItem(starts, d) === i)));
}

/** Index of the last item starting at or before the diagnostic's line (items start at lines `starts`), or -1. */
function owningItem(starts: number[], d: Diagnostic): number {
  let k = -1;
  for (let i = 0; i < starts.length; i++) if ((d.line ?? 0) >= starts[i]) k = i;
  return k;
}

/**
 * A kind the table does not know. In an Istio API group we model completely it is a mistake (seed 002
 * writes `VirtualService` followed by U+3000, seed 003 swaps kind and name): an error with a
 * suggestion. Elsewhere it is skipped with a warning, as kubectl skips what it cannot map.
 */
function unknownKind(o: Record<string, any>, group: string, kind: string, apiVersion: string, pos: Position, out: Output, decodeDiags: Diagnostic[]): void {
  const sameKind = kindsNamed(kind);
  if (sameKind.length > 0) {
    fail(out, decodeDiags, `unknown apiVersion "${apiVersion}" for kind ${kind}; expected ${sameKind.map((k) => `${k.group ? k.group + '/' : ''}${k.versions[0]}`).join(' or ')}`, posOf(o, 'apiVersion') ?? pos);
    return;
  }
  const inGroup = KINDS.filter((k) => k.group === group).map((k) => k.kind);
  const hint = `${invisibleCharacters(kind)}${didYouMean(kind.trim(), inGroup.length > 0 ? inGroup : KINDS.map((k) => k.kind))}`;
  if (group.endsWith('istio.io') && inGroup.length > 0) {
    fail(out, decodeDiags, `unknown kind "${kind}" in ${group}${hint}; known kinds: ${inGroup.join(', ')}`, valuePosOf(o, 'kind') ?? pos);
    return;
  }
  const p = posOf(o, 'kind') ?? pos;
  out.diagnostics.push(...decodeDiags, { severity: 'Warning', file: p.file, line: p.line, col: p.col, message: `skipping unknown kind ${kind} (apiVersion ${apiVersion})${hint}` });
}

/** Names characters a reader cannot see (U+3000 after `kind: VirtualService` in seed 002). */
function invisibleCharacters(s: string): string {
  const odd = [...s].filter((c) => c.trim() === '' || c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) < 0xa0) || /[\u200b-\u200d\ufeff]/.test(c));
  if (odd.length === 0) return '';
  const names = [...new Set(odd.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`))];
  return ` (it contains the invisible character${names.length > 1 ? 's' : ''} ${names.join(', ')})`;
}

function diag(severity: 'Error' | 'Warning', message: string, p: Position, path: string, base: Partial<Diagnostic>): Diagnostic {
  return { ...base, severity, message, file: p.file, line: p.line, col: p.col, path };
}

