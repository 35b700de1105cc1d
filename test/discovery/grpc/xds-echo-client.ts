/**
 * Child process for the interop test: a @grpc/grpc-js-xds client of `xds:///TARGET` (bootstrap from
 * GRPC_XDS_BOOTSTRAP_CONFIG). Reads one JSON request per stdin line ({id, metadata}), makes the
 * Echo call, writes one JSON result per stdout line. Run in its own process so gRPC's global xDS
 * client state never leaks into other tests and ends when the test kills it.
 */
import * as grpc from '@grpc/grpc-js';
import * as grpcXds from '@grpc/grpc-js-xds';
import { createInterface } from 'node:readline';
import { EchoTestClient } from './echo-backends.ts';

grpcXds.register();
const client = new EchoTestClient(`xds:///${process.argv[2]}`, grpc.credentials.createInsecure()) as grpc.Client & Record<string, any>;
const out = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');

createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, metadata } = JSON.parse(line) as { id: number; metadata: Record<string, string> };
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(metadata ?? {})) md.set(k, v);
  const t0 = Date.now();
  client.Echo({ message: 'hi' }, md, { deadline: Date.now() + 5000 }, (err: grpc.ServiceError | null, res: { server: string; attempt: number }) => {
    out(err ? { id, code: err.code, details: err.details, elapsedMs: Date.now() - t0 } : { id, code: 0, server: res.server, attempt: res.attempt, elapsedMs: Date.now() - t0 });
  });
});
out({ ready: true });
