/**
 * `sextant x explain --config DIR --labels k=v[,k=v] [--namespace NS] [--type router|sidecar]
 * URL [-H 'Name: value']... [-X METHOD] [--sni NAME] [--port N] [-o text|json]`: where a request
 * to that workload's proxy goes and why, walked through the Envoy configuration the control plane
 * generates for it (src/explain). Exit 0 once explained, whatever the outcome; 2 on wrong usage.
 */
import { parseArgs } from 'node:util';
import { explainRequest, formatExplanation, parseHeaderArg, RequestError } from '../../explain/index.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { loadWorkloadMesh, WORKLOAD_OPTIONS } from '../workload-mesh.ts';

function port(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port must be a port number, not "${s}"`);
  return n;
}

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Explain where a request goes: listener, route, cluster, endpoints, and the Istio config behind each',
  usage: "sextant x explain --config DIR --labels k=v[,k=v] [--namespace NS] [--type router|sidecar] URL [-H 'Name: value']... [-X METHOD] [--sni NAME] [--port N] [-o text|json]",
  run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...WORKLOAD_OPTIONS,
        header: { type: 'string', short: 'H', multiple: true, default: [] },
        method: { type: 'string', short: 'X' },
        sni: { type: 'string' },
        port: { type: 'string' },
        output: { type: 'string', short: 'o', default: 'text' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('explain needs exactly one URL, e.g. http://httpbin.local/ip');
    if (values.output !== 'text' && values.output !== 'json') throw new UsageError(`unknown output format "${values.output}"; use text or json`);
    let headers: [string, string][];
    try {
      headers = (values.header ?? []).map(parseHeaderArg);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const mesh = loadWorkloadMesh('explain', values, io);
    let result;
    try {
      result = explainRequest(mesh, { url: positionals[0], method: values.method, headers, sni: values.sni, port: port(values.port) });
    } catch (e) {
      if (e instanceof RequestError) throw new UsageError(e.message);
      throw e;
    }
    io.stdout(values.output === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatExplanation(result));
    return EXIT.OK;
  },
};
