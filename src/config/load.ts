/**
 * Loading configuration from paths: files, directories (recursive; .yaml, .yml, .json) and `-`
 * for standard input. Returns every valid resource plus all diagnostics; invalid resources are
 * left out (and reported), valid ones in the same file still load.
 */
import { closeSync, type Dirent, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Resource } from '../api/resource.ts';
import { decodeBytes, DEFAULT_MAX_BYTES, oversizeMessage, type DecodeOptions } from './decode.ts';
import type { Diagnostic } from './diagnostic.ts';
import { documentToResources, type ToResourceOptions } from './to-resource.ts';

export interface LoadOptions extends DecodeOptions, ToResourceOptions {
  /** Content of standard input when a path is `-`. */
  stdin?: () => Uint8Array;
  /** Make file names in diagnostics relative to this directory. */
  relativeTo?: string;
}

export interface LoadResult {
  resources: Resource[];
  diagnostics: Diagnostic[];
  files: string[];
}

const CONFIG_EXT = /\.(ya?ml|json)$/i;

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function listConfigFiles(paths: readonly string[]): { files: string[]; diagnostics: Diagnostic[]; regular: Set<string> } {
  const files: string[] = [];
  /** Files a directory listing reported as regular files (see readBounded). */
  const regular = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const seenDirs = new Set<string>();
  const cannotRead = (p: string, e: unknown): void => {
    diagnostics.push({ severity: 'Error', file: p, message: `cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}` });
  };
  /** `real`: the directory's real path when known (a plain subdirectory's is its parent's plus its name). */
  const walk = (dir: string, real = realpathSync.native(dir)): void => {
    // Symbolic links may form cycles: each real directory is visited once.
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    // join() normalizes; once `dir` is normal (it is below the first level), joining is appending.
    const append = join(dir, 'x') === `${dir}${sep}x`;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      const p = append ? `${dir}${sep}${name}` : join(dir, name);
      // The entry's type saves a stat for plain files; links (and file systems that report no
      // types) are stat'ed to follow them.
      if (entry.isFile()) {
        if (CONFIG_EXT.test(name)) {
          files.push(p);
          regular.add(p);
        }
        continue;
      }
      try {
        if (entry.isDirectory()) walk(p, real.endsWith(sep) ? real + name : `${real}${sep}${name}`);
        else if (statSync(p).isDirectory()) walk(p);
        else if (CONFIG_EXT.test(name)) files.push(p);
      } catch (e) {
        cannotRead(p, e);
      }
    }
  };
  for (const p of paths) {
    if (p === '-') {
      files.push('-');
      continue;
    }
    try {
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else files.push(p);
    } catch (e) {
      cannotRead(p, e);
    }
  }
  return { files, diagnostics, regular };
}

/**
 * Files up to this size are read into one reused buffer without asking for their size first (most
 * configuration files are a few KiB: an fstat and a buffer per file would cost more than the read).
 */
const SMALL_FILE = 256 * 1024;
const scratch = Buffer.allocUnsafe(SMALL_FILE);

/**
 * A file's bytes, or its size when that is over `maxBytes`: a regular file is refused from its size
 * without being read (beyond its first SMALL_FILE bytes); a pipe or device (`/dev/stdin`,
 * `/dev/zero`) is read until `maxBytes` at most. The bytes of a small file are a view of a buffer the
 * next call reuses: decode them before reading another file. `regular`: the path is known to be a
 * regular file, for which a read shorter than asked means the end of the file (no read of 0 bytes
 * to confirm it: one system call less per file).
 */
function readBounded(path: string, maxBytes: number, regular: boolean): Uint8Array | number {
  const fd = openSync(path, 'r');
  try {
    let total = 0;
    while (total < SMALL_FILE) {
      const want = SMALL_FILE - total;
      const got = readSync(fd, scratch, total, want, null);
      total += got;
      if (got === 0 || (regular && got < want)) return total > maxBytes ? total : scratch.subarray(0, total);
    }
    return readLarge(fd, Buffer.from(scratch), maxBytes);
  } finally {
    closeSync(fd);
  }
}

/** The rest of a file whose first bytes are `head`, or its size when that is over `maxBytes`. */
function readLarge(fd: number, head: Buffer, maxBytes: number): Uint8Array | number {
  const st = fstatSync(fd);
  if (st.isFile() && st.size > maxBytes) return st.size;
  const chunks: Buffer[] = [head];
  let total = head.length;
  if (total > maxBytes) return total;
  for (;;) {
    const buf = Buffer.allocUnsafe(st.isFile() ? Math.max(st.size - total, 1) : 64 * 1024);
    const got = readSync(fd, buf, 0, buf.length, null);
    if (got === 0) break;
    chunks.push(got === buf.length ? buf : buf.subarray(0, got));
    total += got;
    if (total > maxBytes) return total;
    if (st.isFile() && total >= st.size) break;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

export function loadText(text: string, file: string, opts: LoadOptions = {}): LoadResult {
  return loadBytes(new TextEncoder().encode(text), file, opts);
}

/**
 * The loader decodes with `anchored` positions unless told otherwise: no stamp on the values, whose
 * positions are looked up through their resource (the checks set the anchor; a loaded resource's
 * `body` is the anchor for later lookups).
 */
function anchoredByDefault(opts: LoadOptions): LoadOptions {
  return opts.anchored === undefined ? { ...opts, anchored: true } : opts;
}

export function loadBytes(bytes: Uint8Array, file: string, opts: LoadOptions = {}): LoadResult {
  opts = anchoredByDefault(opts);
  const decoded = decodeBytes(bytes, file, opts);
  const out: LoadResult = { resources: [], diagnostics: decoded.diagnostics, files: [file] };
  for (const doc of decoded.documents) {
    const r = documentToResources(doc, file, opts);
    out.resources.push(...r.resources);
    out.diagnostics.push(...r.diagnostics);
  }
  if (decoded.documents.length === 0 && decoded.diagnostics.length === 0) {
    // kubectl refuses such input too ("no objects passed to apply"): an empty file is almost always a mistake.
    const message = bytes.length === 0 ? 'file is empty; expected at least one resource' : 'file contains no resources (only white space, comments or empty documents)';
    out.diagnostics.push({ severity: 'Error', file, line: 1, col: 1, message });
  }
  return out;
}

/**
 * Resources loaded so far by identity (kind, namespace, name: resourceKey's parts, looked up one by
 * one rather than joined into a key string for each resource).
 */
class SeenResources {
  private readonly byKind = new Map<string, Map<string, Map<string, Resource>>>();

  get(r: Resource): Resource | undefined {
    return this.byKind.get(r.kind)?.get(r.metadata.namespace)?.get(r.metadata.name);
  }

  set(r: Resource): void {
    let byNamespace = this.byKind.get(r.kind);
    if (!byNamespace) this.byKind.set(r.kind, (byNamespace = new Map()));
    let byName = byNamespace.get(r.metadata.namespace);
    if (!byName) byNamespace.set(r.metadata.namespace, (byName = new Map()));
    byName.set(r.metadata.name, r);
  }
}

export function loadPaths(paths: readonly string[], opts: LoadOptions = {}): LoadResult {
  opts = anchoredByDefault(opts);
  const listed = listConfigFiles(paths);
  const result: LoadResult = { resources: [], diagnostics: [...listed.diagnostics], files: [] };
  const seen = new SeenResources();
  for (const f of listed.files) {
    const display = f === '-' ? '<stdin>' : opts.relativeTo ? relative(opts.relativeTo, f) || f : f;
    let bytes: Uint8Array;
    try {
      const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
      const read = f === '-' ? (opts.stdin ? opts.stdin() : readFileSync(0)) : readBounded(f, maxBytes, listed.regular.has(f));
      if (typeof read === 'number') {
        // Refused before reading, so a huge file never occupies memory.
        result.files.push(display);
        result.diagnostics.push({ severity: 'Error', file: display, line: 1, col: 1, message: oversizeMessage(read, maxBytes) });
        continue;
      }
      bytes = read;
    } catch (e) {
      result.diagnostics.push({ severity: 'Error', file: display, message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const r = loadBytes(bytes, display, opts);
    result.files.push(display);
    result.diagnostics.push(...r.diagnostics);
    for (const res of r.resources) {
      const prev = seen.get(res);
      if (prev) {
        result.diagnostics.push({
          severity: 'Warning',
          file: res.source.file,
          line: res.source.line,
          col: res.source.col,
          kind: res.kind,
          namespace: res.metadata.namespace || undefined,
          name: res.metadata.name,
          message: `defined again (first at ${prev.source.file}:${prev.source.line}); the later definition wins`,
        });
        result.resources[result.resources.indexOf(prev)] = res;
      } else {
        result.resources.push(res);
      }
      seen.set(res);
    }
  }
  return result;
}
