/**
 * `startDiscoveryServer`: binds a DiscoveryServer to a gRPC port (AggregatedDiscoveryService, plain
 * gRPC — mTLS comes with the security issue) and its debug/metrics HTTP port, and returns the ports
 * and a close() that ends every stream and frees both ports.
 */
import * as grpc from '@grpc/grpc-js';
import type { AddressInfo } from 'node:net';
import { envoyRoot } from '../envoy/proto.ts';
import { adsServiceDefinition } from '../envoy/xds-wire.ts';
import { createDebugServer } from './debug-http.ts';
import { DiscoveryServer, type DiscoveryServerOptions } from './discovery-server.ts';

export interface StartDiscoveryOptions extends DiscoveryServerOptions {
  /** gRPC port (Istio: 15010); 0 picks a free one. */
  grpcPort?: number;
  /** Debug/monitoring HTTP port (Istio: 15014); 0 picks a free one; null disables it. */
  httpPort?: number | null;
  /** Bind address (default 127.0.0.1). */
  host?: string;
}

export interface RunningDiscoveryServer {
  grpcPort: number;
  httpPort: number | undefined;
  host: string;
  /** `HOST:PORT` for --discovery-address and xDS bootstraps. */
  address: string;
  server: DiscoveryServer;
  close(): Promise<void>;
}

function bindGrpc(grpcServer: grpc.Server, host: string, port: number): Promise<number> {
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => grpcServer.bindAsync(target, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
}

export async function startDiscoveryServer(opts: StartDiscoveryOptions): Promise<RunningDiscoveryServer> {
  envoyRoot(); // load the protos before the first proxy connects
  const host = opts.host ?? '127.0.0.1';
  const server = new DiscoveryServer(opts);
  // Channelz (grpc-js's per-call and per-message bookkeeping for its introspection service) is not served here: off, it costs every message.
  const grpcServer = new grpc.Server({ 'grpc.keepalive_time_ms': 30_000, 'grpc.keepalive_timeout_ms': 10_000, 'grpc.max_receive_message_length': 16 * 1024 * 1024, 'grpc.enable_channelz': 0 });
  grpcServer.addService(adsServiceDefinition(), server.grpcImplementation());
  let listening = false;
  let grpcPort: number;
  try {
    grpcPort = await bindGrpc(grpcServer, host, opts.grpcPort ?? 15010);
  } catch (e) {
    server.close();
    throw e;
  }
  listening = true;
  const http = opts.httpPort === null ? undefined : createDebugServer(server, () => listening);
  if (http) {
    try {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(opts.httpPort ?? 15014, host, () => resolve());
      });
    } catch (e) {
      server.close();
      grpcServer.forceShutdown();
      throw e;
    }
  }
  const httpPort = http ? (http.address() as AddressInfo).port : undefined;
  return {
    grpcPort,
    httpPort,
    host,
    address: `${host}:${grpcPort}`,
    server,
    async close() {
      listening = false;
      server.close();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          grpcServer.forceShutdown();
          resolve();
        }, 1000);
        grpcServer.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (http) {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      }
    },
  };
}
