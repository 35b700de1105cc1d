/**
 * `sextant proxy-status [PROXY] [--discovery-address HOST:PORT] [-o table|json]`: istioctl's
 * proxy-status — whether every connected proxy has ACKed what the control plane last sent — read
 * from the discovery server's /debug/syncz on its HTTP monitoring port (istiod's 15014).
 */
import { parseArgs } from 'node:util';
import type { SyncStatusEntry } from '../../discovery/status.ts';
import type { CliIO, Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { formatProxy, formatTable } from './format.ts';

async function fetchSyncz(address: string): Promise<SyncStatusEntry[]> {
  const url = `http://${address}/debug/syncz`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  } catch (e) {
    throw new Error(`cannot reach the discovery server at ${address} (${url}): ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
  }
  if (!res.ok) throw new Error(`${url} answered ${res.status} ${res.statusText}`);
  return (await res.json()) as SyncStatusEntry[];
}

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'discovery-address': { type: 'string', default: process.env.SEXTANT_DISCOVERY_HTTP ?? '127.0.0.1:15014' }, output: { type: 'string', short: 'o', default: 'table' } },
  });
  if (values.output !== 'table' && values.output !== 'json') throw new UsageError(`unknown output format "${values.output}"; use table or json`);
  if (positionals.length > 1) throw new UsageError('at most one PROXY (pod.namespace)');
  let entries: SyncStatusEntry[];
  try {
    entries = await fetchSyncz(values['discovery-address']!);
  } catch (e) {
    io.stderr(`sextant proxy-status: ${(e as Error).message}\n`);
    return EXIT.FAILURE;
  }
  const wanted = positionals[0];
  if (wanted) {
    const e = entries.find((x) => x.proxy === wanted || x.proxy.split('.')[0] === wanted);
    if (!e) {
      io.stderr(`sextant proxy-status: proxy "${wanted}" is not connected; connected: ${entries.map((x) => x.proxy).join(', ') || 'none'}\n`);
      return EXIT.FAILURE;
    }
    io.stdout(values.output === 'json' ? JSON.stringify(e, null, 2) + '\n' : formatProxy(e));
    return EXIT.OK;
  }
  io.stdout(values.output === 'json' ? JSON.stringify(entries, null, 2) + '\n' : formatTable(entries));
  return EXIT.OK;
}

export const proxyStatusCommand: Command = {
  name: 'proxy-status',
  summary: 'Show whether each proxy has acknowledged the configuration the control plane sent',
  usage: 'sextant proxy-status [POD.NAMESPACE] [--discovery-address HOST:HTTP_PORT (default 127.0.0.1:15014)] [-o table|json]',
  run,
};
