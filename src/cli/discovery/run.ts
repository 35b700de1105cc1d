/**
 * The body of `sextant discovery` (loaded only when the command runs, so other commands do not pay
 * for gRPC and the protos): load, serve, reload on change, stop on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../common/duration.ts';
import { startDiscoveryServer } from '../../discovery/start.ts';
import { SnapshotGenerator } from '../../discovery/snapshot-generator.ts';
import { protoLoadStats } from '../../envoy/proto.ts';
import type { CliIO } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { meshTranslation } from './translation.ts';

function port(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number (0-65535), got "${text}"`);
  return n;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(sig);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', short: 'c', multiple: true },
      'grpc-port': { type: 'string', default: '15010' },
      'http-port': { type: 'string', default: '15014' },
      host: { type: 'string', default: '127.0.0.1' },
      debounce: { type: 'string', default: '100ms' },
      consistency: { type: 'string', default: 'warn' },
      verbose: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (!values.config?.length) throw new UsageError('--config PATH is required (a file or directory of Istio YAML)');
  const debounceMs = parseDuration(values.debounce!);
  if (debounceMs === undefined || debounceMs < 0) throw new UsageError(`--debounce must be a duration like 100ms, got "${values.debounce}"`);
  if (values.consistency !== 'warn' && values.consistency !== 'strict') throw new UsageError('--consistency must be warn or strict');
  const log = (level: string, message: string) => {
    if (level === 'debug' || (level === 'info' && !values.verbose)) return;
    io.stderr(`${new Date().toISOString()}\t${level}\t${message}\n`);
  };
  const generator = new SnapshotGenerator({ paths: values.config, translation: meshTranslation(), log });
  const ds = await startDiscoveryServer({ generator, grpcPort: port(values['grpc-port']!, '--grpc-port'), httpPort: port(values['http-port']!, '--http-port'), host: values.host, debounceMs, consistency: values.consistency, log });
  io.stdout(`sextant discovery: ${generator.resourceCount} resource(s) from ${values.config.join(', ')}; protos loaded in ${Math.round(protoLoadStats().coreLoadMs)} ms\n`);
  io.stdout(`  xDS (ADS, gRPC)   ${ds.host}:${ds.grpcPort}\n  debug + metrics   http://${ds.host}:${ds.httpPort}/debug/syncz  /metrics\n`);
  const sig = await waitForSignal();
  io.stdout(`sextant discovery: ${sig}, shutting down\n`);
  generator.close();
  await ds.close();
  return EXIT.OK;
}

