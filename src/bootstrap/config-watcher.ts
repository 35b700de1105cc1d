/**
 * Watches configuration paths (files or directories, recursively) and calls back once per burst
 * of changes, after a quiet period. Editors save in several steps; the debounce turns them into
 * one reload.
 */
import { watch, type FSWatcher, statSync } from 'node:fs';

export class ConfigWatcher {
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(paths: readonly string[], private readonly onChange: () => void, private readonly debounceMs = 150) {
    for (const p of paths) {
      if (p === '-') continue;
      let recursive = false;
      try {
        recursive = statSync(p).isDirectory();
      } catch {
        continue;
      }
      const w = watch(p, { recursive, persistent: true }, () => this.schedule());
      w.on('error', () => this.schedule());
      this.watchers.push(w);
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.debounceMs);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
  }
}
