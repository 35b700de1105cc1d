/**
 * `sextant sample httpbin --port P [--host 127.0.0.1] [--version v1]`: runs the httpbin sample
 * backend until interrupted, printing where it listens.
 */
import { parseArgs } from 'node:util';
import { startHttpbin } from '../../samples/httpbin/index.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'Run a sample backend (httpbin) for trying routing locally',
  usage: 'sextant sample httpbin --port PORT [--host 127.0.0.1] [--version v1]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { port: { type: 'string', short: 'p' }, host: { type: 'string', default: '127.0.0.1' }, version: { type: 'string', default: 'v1' } },
    });
    if (positionals[0] !== 'httpbin' || positionals.length !== 1) throw new UsageError('the only sample is "httpbin"');
    if (values.port === undefined) throw new UsageError('--port is required');
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (got "${values.port}")`);
    const hb = await startHttpbin({ port, host: values.host, version: values.version });
    io.stdout(`httpbin ${hb.version} listening on http://${hb.host}:${hb.port}\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await hb.close();
    return EXIT.OK;
  },
};
