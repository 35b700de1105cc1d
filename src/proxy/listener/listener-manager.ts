/**
 * The listeners by name. A new configuration is prepared first — listeners kept by name (or by
 * address when renamed) reuse their sockets, new ones are bound — and only then committed in one
 * synchronous step; if any bind fails the new sockets are closed and nothing changes. Listeners
 * absent from the new configuration drain.
 */
import type { ProxyServices } from '../services.ts';
import { ActiveListener } from './active-listener.ts';
import type { ListenerConfig } from './listener-config.ts';

export interface PreparedListeners {
  updates: [ActiveListener, ListenerConfig][];
  created: ActiveListener[];
  removed: ActiveListener[];
}

export class ListenerManager {
  private readonly active = new Map<string, ActiveListener>();

  constructor(private readonly services: ProxyServices) {}

  get(name: string): ActiveListener | undefined {
    return this.active.get(name);
  }

  all(): ActiveListener[] {
    return [...this.active.values()];
  }

  async prepare(configs: ListenerConfig[]): Promise<PreparedListeners> {
    const updates: [ActiveListener, ListenerConfig][] = [];
    const created: ActiveListener[] = [];
    const claimed = new Set<ActiveListener>();
    const byKey = new Map([...this.active.values()].map((l) => [l.config.key, l]));
    const newNames = new Set(configs.map((c) => c.name));
    for (const cfg of configs) {
      let old = this.active.get(cfg.name);
      if (old && old.config.key !== cfg.key) old = undefined;
      if (!old && cfg.port !== 0) {
        // A renamed listener on the same address keeps its socket.
        const sameAddress = byKey.get(cfg.key);
        if (sameAddress && !newNames.has(sameAddress.config.name)) old = sameAddress;
      }
      if (old && !claimed.has(old)) {
        claimed.add(old);
        updates.push([old, cfg]);
      } else {
        created.push(new ActiveListener(cfg, this.services));
      }
    }
    const removed = [...this.active.values()].filter((l) => !claimed.has(l));
    const results = await Promise.allSettled(created.map((l) => l.bind()));
    const failures = results.map((r, i) => (r.status === 'rejected' ? `listener "${created[i].config.name}": cannot bind ${created[i].config.bindAddress}:${created[i].config.bindPort}: ${(r.reason as Error).message}` : '')).filter(Boolean);
    if (failures.length > 0) {
      for (const l of created) l.closeSocket();
      throw new Error(failures.join('; '));
    }
    return { updates, created, removed };
  }

  commit(p: PreparedListeners, drainMs: number): void {
    for (const l of p.removed) this.active.delete(l.config.name);
    for (const [l, cfg] of p.updates) {
      this.active.delete(l.config.name);
      l.update(cfg);
      this.active.set(cfg.name, l);
    }
    for (const l of p.created) this.active.set(l.config.name, l);
    for (const l of p.removed) void l.drainAndClose(drainMs);
  }

  async closeAll(drainMs: number): Promise<void> {
    const all = [...this.active.values()];
    this.active.clear();
    await Promise.all(all.map((l) => l.drainAndClose(drainMs)));
  }
}
