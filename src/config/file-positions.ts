/**
 * Deferred positions of one file decoded by the fast decoder (decode-fast.ts). Most files never
 * need a position (they have no diagnostics), so no value but the sequences right under a
 * document's root (a List's `items`) gets a record of its own: each is stamped with one shared
 * FilePositions or — as the loader decodes (`anchored`) — not stamped at all, the FilePositions
 * then being the anchor a lookup names (source-map.ts withAnchor; a loaded resource's `body`
 * carries it). The first position looked up in the file calls resolve(): the file is decoded again
 * with its positions recorded, and each value is handed the record of its twin, walking both trees
 * by key and index. Values are changed after decoding only by schema checks, which delete null
 * fields (those have no positions) and rename snake_case keys (renameKey resolves before the
 * rename, while the decoded key is still in place); a value put in place of a decoded one
 * afterwards has no positions, as it never had.
 */
import { DeferredPositions, replaceDeferred } from './source-map.ts';

const hasOwn = Object.prototype.hasOwnProperty;

export class FilePositions extends DeferredPositions {
  /** The documents' values, in order; set once the file is decoded. */
  roots: unknown[] = [];
  private resolved = false;

  /** `redecode` decodes the same text again, recording positions. */
  constructor(private readonly redecode: () => readonly { value: unknown }[] | undefined) {
    super();
  }

  resolve(): void {
    if (this.resolved) return;
    this.resolved = true;
    const twins = this.redecode() ?? [];
    for (let i = 0; i < this.roots.length && i < twins.length; i++) this.transfer(this.roots[i], twins[i].value);
    this.roots = [];
  }

  private transfer(value: unknown, twin: unknown): void {
    if (value === null || typeof value !== 'object' || twin === null || typeof twin !== 'object') return;
    if (Array.isArray(value) !== Array.isArray(twin)) return;
    // Values near the root have their records already; those below them may not.
    replaceDeferred(value, this, twin);
    if (Array.isArray(twin)) {
      const list = value as unknown[];
      for (let i = 0; i < twin.length && i < list.length; i++) this.transfer(list[i], twin[i]);
      return;
    }
    const o = value as Record<string, unknown>;
    const t = twin as Record<string, unknown>;
    for (const k of Object.keys(t)) if (hasOwn.call(o, k)) this.transfer(o[k], t[k]);
  }
}
