/**
 * The context a semantic validator reports through: errors and warnings tied to a resource,
 * a field path, and the source position of the value they are about.
 */
import type { Resource } from '../../api/resource.ts';
import type { Diagnostic, Position } from '../diagnostic.ts';
import { posOf, valuePosOf } from '../source-map.ts';

export class ValidationContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly resource: Resource) {}

  /**
   * Reports an error about `path`. `holder` is the object or list containing the offending value and
   * `key` its field name or index; together they locate the problem in the file.
   */
  error(path: string, message: string, holder?: unknown, key?: string | number): void {
    this.push('Error', path, message, holder, key);
  }

  warn(path: string, message: string, holder?: unknown, key?: string | number): void {
    this.push('Warning', path, message, holder, key);
  }

  private push(severity: 'Error' | 'Warning', path: string, message: string, holder?: unknown, key?: string | number): void {
    const r = this.resource;
    const pos: Position | undefined = (holder !== undefined ? (key !== undefined ? valuePosOf(holder, key) : posOf(holder)) : undefined) ?? { file: r.source.file, line: r.source.line, col: r.source.col };
    this.diagnostics.push({
      severity,
      message: path ? `${path}: ${message}` : message,
      file: pos.file,
      line: pos.line,
      col: pos.col,
      kind: r.kind,
      namespace: r.metadata.namespace || undefined,
      name: r.metadata.name,
      path,
    });
  }
}

export type Validator = (r: Resource, ctx: ValidationContext) => void;
