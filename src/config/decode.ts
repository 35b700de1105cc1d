/**
 * Decoding: bytes → YAML/JSON documents → plain values, each object and array registered with its
 * source position (see source-map.ts). Hostile input is bounded: files over the size limit, binary
 * data, invalid UTF-8, alias bombs and deeply nested documents become diagnostics, never exceptions.
 * Duplicate mapping keys are reported here (seed 001 has a doubled `spec:`).
 */
import { type Alias, isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { fastDecode, setOwn } from './decode-fast.ts';
import type { Diagnostic, Position } from './diagnostic.ts';
import { type DeferredPositions, setPositions } from './source-map.ts';

export interface RawDocument {
  /** The decoded value (an object for well-formed resources). */
  value: unknown;
  /** Position of the document's first node. */
  pos: Position;
  /** 0-based index of the document inside its file. */
  index: number;
  /** Problems found while decoding this document (duplicate keys, ...): they make it invalid. */
  diagnostics: Diagnostic[];
  /**
   * The deferred positions of the document's values when the decoder left them without a stamp
   * (DecodeOptions.anchored): the anchor to look them up with (source-map.ts withAnchor).
   */
  positions?: DeferredPositions;
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
  /** Largest number of values YAML aliases may expand to in one document. */
  maxAliasNodes?: number;
  /** Deepest nesting accepted. */
  maxDepth?: number;
  /** Try the fast decoder for common YAML first (default true; false forces the general decoder). */
  fastPath?: boolean;
  /**
   * Leave the values the fast decoder makes without positions of their own: each document's
   * `positions` is then the anchor their positions are looked up with (the loader's choice: a stamp on
   * every value costs memory and time, and only values with diagnostics are ever looked up).
   */
  anchored?: boolean;
}

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_NODES = 1_000_000;
const DEFAULT_MAX_ALIAS_NODES = 100_000;
const DEFAULT_MAX_DEPTH = 200;

class DecodeAbort extends Error {}

/** Strict UTF-8 (invalid bytes throw); a leading BOM is dropped. Stateless between calls, so shared. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The diagnostic text for a file larger than the limit (also used by load.ts before reading). */
export function oversizeMessage(size: number, maxBytes: number): string {
  return `file is ${formatSize(size)}, larger than the ${formatSize(maxBytes)} limit for one configuration file; split it into smaller files`;
}

/** Decode raw bytes (a file's content) into documents. */
export function decodeBytes(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): DecodeResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) return fail(file, 1, 1, oversizeMessage(bytes.length, maxBytes));
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, col } = lineColOfByte(bytes, nul);
    return fail(file, line, col, `file looks binary (NUL byte at offset ${nul}); expected YAML or JSON text`);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
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
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  // The fast decoder bounds its own depth; the general one is guarded by a scan first.
  const fast = opts.fastPath === false ? undefined : fastDecode(text, file, opts.maxNodes ?? DEFAULT_MAX_NODES, maxDepth, opts.anchored ? 'anchored' : 'deferred');
  if (fast) return { documents: fast, diagnostics };
  const lc = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lc.linePos(offset);
    return { file, line, col };
  };
  const tooDeep = flowDepthExceeds(text, maxDepth);
  if (tooDeep >= 0) {
    const line = countLines(text, tooDeep);
    return fail(file, line, tooDeep - text.lastIndexOf('\n', tooDeep - 1), `document is nested deeper than ${maxDepth} levels`);
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false, version: '1.1', merge: true, strict: false }) as Document.Parsed[];
  } catch (e) {
    return fail(file, 1, 1, `cannot parse: ${(e as Error).message}`);
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const err of doc.errors.slice(0, 3)) {
        const p = at(err.pos[0]);
        const message = syntaxMessage(err.message, text, err.pos[0], maxDepth);
        diagnostics.push({ severity: 'Error', file, line: p.line, col: p.col, message });
        if (message.startsWith('document is nested')) break;
      }
      return;
    }
    const contents = doc.contents as Node | null;
    if (contents === null || (isScalar(contents) && contents.value === null)) return; // empty document
    const pos = at(contents.range?.[0] ?? 0);
    const decoder = new DocumentDecoder(doc, at, opts.maxNodes ?? DEFAULT_MAX_NODES, opts.maxAliasNodes ?? DEFAULT_MAX_ALIAS_NODES, maxDepth);
    try {
      const value = decoder.value(contents, 0);
      documents.push({ value, pos, index, diagnostics: decoder.diags });
    } catch (e) {
      if (!(e instanceof DecodeAbort)) throw e;
      diagnostics.push({ severity: 'Error', file, line: pos.line, col: pos.col, message: e.message });
    }
  });
  return { documents, diagnostics };
}

/** Turns one parsed YAML document into plain values, within a budget of values, alias expansions and depth. */
class DocumentDecoder {
  readonly diags: Diagnostic[] = [];
  private nodes = 0;
  private aliasNodes = 0;
  private aliasDepth = 0;
  private anchors?: Map<Alias, Node | undefined>;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly at: (offset: number) => Position,
    private readonly maxNodes: number,
    private readonly maxAliasNodes: number,
    private readonly maxDepth: number,
  ) {}

  value(node: Node, depth: number): unknown {
    if (++this.nodes > this.maxNodes) {
      throw new DecodeAbort(`document expands to more than ${this.maxNodes} values (a YAML alias bomb?); refusing to decode it`);
    }
    if (this.aliasDepth > 0 && ++this.aliasNodes > this.maxAliasNodes) {
      throw new DecodeAbort(`YAML aliases in this document expand to more than ${this.maxAliasNodes} values (a YAML alias bomb?); refusing to decode it`);
    }
    if (depth > this.maxDepth) throw new DecodeAbort(`document is nested deeper than ${this.maxDepth} levels`);
    if (isScalar(node)) return scalarValue(node);
    if (isMap(node)) return this.map(node, depth);
    if (isSeq(node)) return this.seq(node, depth);
    if (isAlias(node)) return this.alias(node, depth);
    return null;
  }

  private alias(node: Alias, depth: number): unknown {
    const target = this.resolve(node);
    if (!target) throw new DecodeAbort(`unknown YAML alias *${node.source}`);
    this.aliasDepth++;
    try {
      return this.value(target, depth + 1);
    } finally {
      this.aliasDepth--;
    }
  }

  /** The last node anchored with the alias's name before it, as YAML defines; one pass per document. */
  private resolve(alias: Alias): Node | undefined {
    if (!this.anchors) {
      const anchors = new Map<Alias, Node | undefined>();
      const current = new Map<string, Node>();
      visit(this.doc, {
        Node: (_key, n) => {
          if (isAlias(n)) anchors.set(n, current.get(n.source));
          else if ((n as { anchor?: string }).anchor) current.set((n as { anchor: string }).anchor, n as Node);
        },
      });
      this.anchors = anchors;
    }
    return this.anchors.get(alias);
  }

  private seq(node: YAMLSeq, depth: number): unknown[] {
    const self = this.at(node.range?.[0] ?? 0);
    const out: unknown[] = [];
    const items: Position[] = [];
    for (const item of node.items) {
      const n = item as Node | null;
      items.push(this.at(n?.range?.[0] ?? node.range?.[0] ?? 0));
      out.push(n == null ? null : this.value(n, depth + 1));
    }
    setPositions(out, { self, items });
    return out;
  }

  private map(node: YAMLMap, depth: number): Record<string, unknown> {
    const self = this.at(node.range?.[0] ?? 0);
    const out: Record<string, unknown> = {};
    const keys = new Map<string, Position>();
    const values = new Map<string, Position>();
    // Keys written in this mapping (duplicates among them are errors); merged keys yield to them.
    const explicit = new Map<string, Position>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const keyPos = this.at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
      if (keyNode && isAlias(keyNode)) throw new DecodeAbort('YAML aliases as mapping keys are not supported');
      // A plain `<<` resolves to the library's merge-key symbol (a quoted "<<" stays an ordinary key).
      if (keyNode && isScalar(keyNode) && typeof keyNode.value === 'symbol' && pair.value) {
        mergeInto(out, explicit, keys, values, this.value(pair.value as Node, depth + 1), keyPos);
        continue;
      }
      const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : null;
      if (key === null) {
        this.diags.push({ severity: 'Error', file: keyPos.file, line: keyPos.line, col: keyPos.col, message: 'mapping keys must be plain strings' });
        continue;
      }
      const valNode = pair.value as Node | null;
      const first = explicit.get(key);
      explicit.set(key, keyPos);
      if (first) {
        this.diags.push({ severity: 'Error', file: keyPos.file, line: keyPos.line, col: keyPos.col, message: `duplicate key "${key}" (first defined at line ${first.line}); YAML keeps only the last one, so the first is silently lost` });
      }
      keys.set(key, keyPos);
      values.set(key, valNode ? this.at(valNode.range?.[0] ?? 0) : keyPos);
      setOwn(out, key, valNode == null ? null : this.value(valNode, depth + 1));
    }
    setPositions(out, { self, keys, values });
    return out;
  }
}

/**
 * YAML 1.1 reads a plain `.` (and `._`-style oddities) as a float NaN; Kubernetes' reader keeps them
 * as strings, and Istio relies on it (`exportTo: [.]`). Only the spellings of NaN stay numbers.
 */
function scalarValue(node: { value: unknown; source?: string }): unknown {
  const v = node.value;
  if (typeof v === 'number' && Number.isNaN(v) && typeof node.source === 'string' && !/^\.nan$/i.test(node.source)) return node.source;
  return v;
}

/** YAML merge keys: the merged mappings' entries fill in keys not already set; earlier mappings win. */
function mergeInto(out: Record<string, unknown>, explicit: Map<string, Position>, keys: Map<string, Position>, values: Map<string, Position>, src: unknown, pos: Position): void {
  const list = Array.isArray(src) ? src : [src];
  for (const m of list) {
    if (m && typeof m === 'object' && !Array.isArray(m)) {
      for (const [k, v] of Object.entries(m)) {
        if (!explicit.has(k) && !Object.prototype.hasOwnProperty.call(out, k)) {
          setOwn(out, k, v);
          keys.set(k, pos);
          values.set(k, pos);
        }
      }
    }
  }
}

/**
 * Offset where `[`/`{` flow nesting first exceeds `maxDepth`, or -1. A cheap scan that skips quoted
 * strings and comments, so that pathological nesting is refused before the recursive YAML parser
 * runs out of stack.
 */
function flowDepthExceeds(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || c === 0x27) {
      i = skipQuoted(text, i, c);
    } else if (c === 0x23 && (i === 0 || text.charCodeAt(i - 1) <= 0x20)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    }
  }
  return -1;
}

function skipQuoted(text: string, start: number, quote: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c && quote === 0x22) i++;
    else if (c === quote) return i;
    else if (c === 0x0a) return i; // an unterminated quote: stop at the line end
  }
  return text.length;
}

/** Unicode characters that look like white space but are not YAML white space (seed 002 has U+3000). */
const LOOKALIKE_SPACES: Readonly<Record<string, string>> = {
  '\u00a0': 'U+00A0 NO-BREAK SPACE',
  '\u2002': 'U+2002 EN SPACE',
  '\u2003': 'U+2003 EM SPACE',
  '\u2009': 'U+2009 THIN SPACE',
  '\u200b': 'U+200B ZERO WIDTH SPACE',
  '\u202f': 'U+202F NARROW NO-BREAK SPACE',
  '\u3000': 'U+3000 IDEOGRAPHIC SPACE',
  '\ufeff': 'U+FEFF ZERO WIDTH NO-BREAK SPACE',
};

function syntaxMessage(raw: string, text: string, offset: number, maxDepth: number): string {
  const first = firstLine(raw);
  if (/call stack/i.test(first)) return `document is nested too deeply to parse (more than ${maxDepth} levels?); refusing to decode it`;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  for (const ch of line) {
    const name = LOOKALIKE_SPACES[ch];
    if (name) return `YAML syntax error: ${first} (this line contains ${name}, which YAML does not treat as white space)`;
  }
  return `YAML syntax error: ${first}`;
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

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
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
