/**
 * Diagnostics: the one shape every validation, analysis and decoding problem takes.
 * A diagnostic names where it comes from (file, line, column), what it is about
 * (kind, namespace, name, field path) and what is wrong. Validation returns these; it never throws.
 */

export type Severity = 'Error' | 'Warning' | 'Info';

export interface Position {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
}

export interface Diagnostic {
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  /** Kind of the resource the problem is in, when known. */
  kind?: string;
  namespace?: string;
  name?: string;
  /** Dotted field path inside the resource, e.g. `spec.http[0].route[1].weight`. */
  path?: string;
  /** Analyzer code such as IST0101, when the diagnostic comes from analysis. */
  code?: string;
}

export function formatPosition(d: Pick<Diagnostic, 'file' | 'line' | 'col'>): string {
  if (!d.file) return '';
  if (d.line === undefined) return d.file;
  return `${d.file}:${d.line}:${d.col ?? 1}`;
}

/** `Error: FILE:LINE:COL: Kind ns/name: message` — the line `sextant validate` prints. */
export function formatDiagnostic(d: Diagnostic): string {
  const parts: string[] = [];
  const pos = formatPosition(d);
  if (pos) parts.push(pos);
  if (d.kind) parts.push(`${d.kind} ${d.namespace ? d.namespace + '/' : ''}${d.name ?? '<unnamed>'}`);
  parts.push(d.message);
  return `${d.severity}: ${parts.join(': ')}`;
}

/** Collects diagnostics for one resource, filling in its identity and positions. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  constructor(private readonly base: Partial<Diagnostic> = {}) {}

  error(message: string, pos?: Position, path?: string): void {
    this.push('Error', message, pos, path);
  }

  warn(message: string, pos?: Position, path?: string): void {
    this.push('Warning', message, pos, path);
  }

  push(severity: Severity, message: string, pos?: Position, path?: string): void {
    const d: Diagnostic = { ...this.base, severity, message };
    if (pos) {
      d.file = pos.file;
      d.line = pos.line;
      d.col = pos.col;
    }
    if (path !== undefined) d.path = path;
    this.items.push(d);
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.items) if (d.severity === 'Error') n++;
    return n;
  }
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'Error');
}
