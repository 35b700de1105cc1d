/**
 * What every peer of the benchmark provides: whether it can run here (and how to install it when
 * not), which scenario features it supports, and how to start it with a route table on a port,
 * pinned to the proxy core, with one worker. A started peer exposes the pid whose process tree is
 * measured.
 */
import type { CertFiles } from './tls-cert.ts';
import type { CorePlan } from './env.ts';
import type { LoaderMode } from './runner-build.ts';
import type { RouteTable } from './route-table.ts';

export interface PeerSpec {
  table: RouteTable;
  port: number;
  /** Terminate TLS with this certificate (HTTP/1.1 over TLS). */
  tls?: CertFiles;
  /** Serve HTTP/2 with prior knowledge (h2c) on plaintext. */
  h2c: boolean;
  /** A fresh directory for configuration files. */
  workDir: string;
  plan: CorePlan;
  loader: LoaderMode;
  /** Extra node flags for Node peers (e.g. --cpu-prof for Sextant profiling). */
  nodeFlags?: string[];
}

export interface RunningPeer {
  /** The root of the process tree measured from /proc. */
  pid: number;
  stop(): Promise<void>;
}

export interface Feature {
  tls: boolean;
  h2c: boolean;
}

export interface Peer {
  /** Short stable id: sextant, nginx, haproxy, caddy, fastify, http-proxy, node. */
  id: string;
  /** Display name, e.g. `nginx 1.22.1`. */
  label(): string;
  /** Undefined when it can run here; else the skip line with the install hint. */
  unavailable(): string | undefined;
  /** Undefined when it can do this; else why not (printed as a skip line). */
  unsupported(f: Feature): string | undefined;
  start(spec: PeerSpec): Promise<RunningPeer>;
}
