/**
 * Decoding: bytes → YAML/JSON documents → plain values, each object and array registered with its
 * source position (see source-map.ts). Hostile input is bounded: files over the size limit, binary
 * data, invalid UTF-8, alias bombs and deeply nested documents become diagnostics, never exceptions.
 * Duplicate mapping keys are reported here (seed 001 has a doubled `spec:`).
 */
import { Alias, isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic, Position } from './diagnostic.ts';
import { setPositions } from './source-map.ts';

export interface RawDocument {
  /** The decoded value (an object for well-formed resources). */
  value: unknown;
  /** Position of the document's first node. */
  pos: Position;
  /** 0-based index of the document inside its file. */
  index: number;
  /** Problems found while decoding this document (duplicate keys, ...): they make it invalid. */
  diagnostics: Diagnostic[];
}

export interface DecodeResult {
  documents: RawDocument[];
  diagnostics: Diagnostic[];
}

export interface DecodeOptions {
  /** Largest file accepted, in bytes. Kubernetes itself refuses objects above ~1.5 MB; we allow more. */
  maxBytes?: number;
  /** Largest number of values one document may expand to (guards against alias bombs). */
  maxNodes?: number;
  /** Deepest nesting accepted. */
  maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_NODES = 1_000_000;
const DEFAULT_MAX_DEPTH = 200;

class Budget {
  nodes = 0;
  constructor(readonly maxNodes: number, readonly maxDepth: number) {}
}

class DecodeAbort extends Error {}

/** Decode raw bytes (a file's content) into documents. */
export function decodeBytes(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): DecodeResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    return fail(file, 1, 1, `file is ${formatSize(bytes.length)}, larger than the ${formatSize(maxBytes)} limit for one configuration file; split it into smaller files`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, col } = lineColOfByte(bytes, nul);
    return fail(file, line, col, `file looks binary (NUL byte at offset ${nul}); expected YAML or JSON text`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, col } = lineColOfByte(bytes, bad);
    return fail(file, line, col, `file is not valid UTF-8 (invalid byte 0x${bytes[bad].toString(16).padStart(2, '0')} at offset ${bad})`);
  }
  return decodeText(text, file, opts);
}

/** Decode text (multi-document YAML, or JSON) into documents. */
export function decodeText(text: string, file: string, opts: DecodeOptions = {}): DecodeResult {
  const diagnostics: Diagnostic[] = [];
  const documents: RawDocument[] = [];
  if (text.length > (opts.maxBytes ?? DEFAULT_MAX_BYTES)) {
    return fail(file, 1, 1, `input is larger than the ${formatSize(opts.maxBytes ?? DEFAULT_MAX_BYTES)} limit`);
  }
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false, version: '1.1', merge: true, strict: false }) as Document.Parsed[];
  } catch (e) {
    return fail(file, 1, 1, `cannot parse: ${(e as Error).message}`);
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  const at = (offset: number): Position => {
    const { line, col } = lc.linePos(offset);
    return { file, line, col };
  };
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const err of doc.errors.slice(0, 3)) {
        const p = at(err.pos[0]);
        diagnostics.push({ severity: 'Error', file, line: p.line, col: p.col, message: `YAML syntax error: ${firstLine(err.message)}` });
      }
      return;
    }
    const contents = doc.contents as Node | null;
    if (contents === null || (isScalar(contents) && contents.value === null)) return; // empty document
    const budget = new Budget(opts.maxNodes ?? DEFAULT_MAX_NODES, opts.maxDepth ?? DEFAULT_MAX_DEPTH);
    const pos = at(contents.range?.[0] ?? 0);
    try {
      const docDiags: Diagnostic[] = [];
      const value = toValue(contents, doc, at, budget, 0, docDiags);
      documents.push({ value, pos, index, diagnostics: docDiags });
    } catch (e) {
      if (!(e instanceof DecodeAbort)) throw e;
      diagnostics.push({ severity: 'Error', file, line: pos.line, col: pos.col, message: e.message });
    }
  });
  return { documents, diagnostics };
}

function toValue(node: Node, doc: Document.Parsed, at: (o: number) => Position, budget: Budget, depth: number, diags: Diagnostic[]): unknown {
  if (++budget.nodes > budget.maxNodes) {
    throw new DecodeAbort(`document expands to more than ${budget.maxNodes} values (a YAML alias bomb?); refusing to decode it`);
  }
  if (depth > budget.maxDepth) throw new DecodeAbort(`document is nested deeper than ${budget.maxDepth} levels`);
  if (isAlias(node)) {
    const target = (node as Alias).resolve(doc);
    if (!target) throw new DecodeAbort(`unknown YAML alias *${(node as Alias).source}`);
    return toValue(target as Node, doc, at, budget, depth + 1, diags);
  }
  if (isScalar(node)) return node.value;
  const self = at(node.range?.[0] ?? 0);
  if (isSeq(node)) {
    const out: unknown[] = [];
    const items: Position[] = [];
    for (const item of node.items) {
      const n = item as Node;
      items.push(at(n?.range?.[0] ?? node.range?.[0] ?? 0));
      out.push(n == null ? null : toValue(n, doc, at, budget, depth + 1, diags));
    }
    setPositions(out, { self, items });
    return out;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = Object.create(null);
    const keys = new Map<string, Position>();
    const values = new Map<string, Position>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const keyPos = at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
      if (keyNode && isAlias(keyNode)) throw new DecodeAbort('YAML aliases as mapping keys are not supported');
      if (keyNode && isScalar(keyNode) && keyNode.value === '<<' && pair.value) {
        mergeInto(out, keys, values, toValue(pair.value as Node, doc, at, budget, depth + 1, diags), keyPos);
        continue;
      }
      const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : null;
      if (key === null) {
        diags.push({ severity: 'Error', file: keyPos.file, line: keyPos.line, col: keyPos.col, message: 'mapping keys must be plain strings' });
        continue;
      }
      const valNode = pair.value as Node | null;
      if (keys.has(key)) {
        const first = keys.get(key)!;
        diags.push({ severity: 'Error', file: keyPos.file, line: keyPos.line, col: keyPos.col, message: `duplicate key "${key}" (first defined at line ${first.line}); YAML keeps only the last one, so the first is silently lost` });
      }
      keys.set(key, keyPos);
      values.set(key, valNode ? at(valNode.range?.[0] ?? 0) : keyPos);
      out[key] = valNode == null ? null : toValue(valNode, doc, at, budget, depth + 1, diags);
    }
    // Plain prototype so values behave like ordinary JSON objects downstream.
    const plain = Object.assign({}, out);
    setPositions(plain, { self, keys, values });
    return plain;
  }
  return null;
}

function mergeInto(out: Record<string, unknown>, keys: Map<string, Position>, values: Map<string, Position>, src: unknown, pos: Position): void {
  const list = Array.isArray(src) ? src : [src];
  for (const m of list) {
    if (m && typeof m === 'object' && !Array.isArray(m)) {
      for (const [k, v] of Object.entries(m)) {
        if (!(k in out)) {
          out[k] = v;
          keys.set(k, pos);
          values.set(k, pos);
        }
      }
    }
  }
}

function fail(file: string, line: number, col: number, message: string): DecodeResult {
  return { documents: [], diagnostics: [{ severity: 'Error', file, line, col, message }] };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function lineColOfByte(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n = 0;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) n = 2;
    else if (c >= 0xf0 && c <= 0xf4) n = 3;
    else return i;
    for (let k = 1; k <= n; k++) {
      if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}
