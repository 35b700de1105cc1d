/**
 * In-process gRPC backends for the interop test: EchoTest servers on 127.0.0.1:0 that answer with
 * their name; a backend can fail the first N attempts of each `x-request-id` with UNAVAILABLE.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { fileURLToPath } from 'node:url';

const definition = protoLoader.loadSync(fileURLToPath(new URL('./echo.proto', import.meta.url)), { keepCase: false, defaults: true });
const pkg = grpc.loadPackageDefinition(definition) as any;
export const EchoTestClient: typeof grpc.Client = pkg.sextant.test.echo.EchoTest;
const service: grpc.ServiceDefinition = pkg.sextant.test.echo.EchoTest.service;

export interface EchoBackend {
  name: string;
  port: number;
  /** Requests served, including failed attempts. */
  calls: number;
  /** Fail this many attempts per x-request-id before answering (0 = never). */
  failFirst: number;
  close(): Promise<void>;
}

export async function startEchoBackend(name: string): Promise<EchoBackend> {
  const server = new grpc.Server();
  const attempts = new Map<string, number>();
  const backend: EchoBackend = { name, port: 0, calls: 0, failFirst: 0, close: () => new Promise((r) => server.tryShutdown(() => r())) };
  server.addService(service, {
    Echo(call: grpc.ServerUnaryCall<{ message: string }, unknown>, cb: grpc.sendUnaryData<unknown>) {
      backend.calls++;
      const id = String(call.metadata.get('x-request-id')[0] ?? '');
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      if (id && attempt <= backend.failFirst) return cb({ code: grpc.status.UNAVAILABLE, details: `${name} failing attempt ${attempt}` });
      cb(null, { message: call.request.message, server: name, attempt });
    },
  });
  backend.port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return backend;
}
