/** The messages between the worker supervisor (primary) and its proxy worker processes. */
import type { ProxyResources } from '../../envoy/types.ts';
import type { ApplyResult } from '../apply-result.ts';

/** Options that cross the process boundary (functions become IPC forwarding). */
export interface WorkerOptions {
  portOffset: number;
  bindAddress: string;
  accessLog: 'config' | 'stdout' | 'off' | { path: string } | 'ipc';
  serverName: string;
  drainMs: number;
  identity: Record<string, string | undefined>;
}

export type ToWorker =
  | { type: 'init'; options: WorkerOptions }
  | { type: 'apply'; id: number; resources: ProxyResources }
  | { type: 'query'; id: number; what: 'stats' | 'prometheus' | 'clusters' }
  | { type: 'stop'; drainMs: number };

export type FromWorker =
  | { type: 'loaded' }
  | { type: 'started' }
  | { type: 'applied'; id: number; result: ApplyResult }
  | { type: 'answer'; id: number; text: string }
  | { type: 'access-log'; line: string }
  | { type: 'log'; message: string }
  | { type: 'stopped' };
