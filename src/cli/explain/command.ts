/**
 * `sextant x explain --config DIR --labels k=v[,k=v] [--namespace NS] [--type router|sidecar]
 * URL [-H 'Name: value']... [-X METHOD] [--sni NAME] [--port N] [-o text|json]`: where a request
 * to that workload's proxy goes and why, walked through the Envoy configuration the control plane
 * generates for it (src/explain). Exit 0 once explained, whatever the outcome; 2 on wrong usage.
 */
import { parseArgs } from 'node:util';
import { loadPaths } from '../../config/load.ts';
import { explainRequest, formatExplanation, parseHeaderArg, RequestError } from '../../explain/index.ts';
import { buildSnapshot } from '../../model/snapshot.ts';
import { parseLabelList } from '../../registry/labels.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

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
        config: { type: 'string', short: 'c', multiple: true },
        labels: { type: 'string', short: 'l' },
        namespace: { type: 'string', short: 'n' },
        type: { type: 'string' },
        header: { type: 'string', short: 'H', multiple: true, default: [] },
        method: { type: 'string', short: 'X' },
        sni: { type: 'string' },
        port: { type: 'string' },
        output: { type: 'string', short: 'o', default: 'text' },
      },
    });
    if (!values.config?.length) throw new UsageError('explain needs --config DIR (the directory of YAML describing the mesh)');
    if (!values.labels) throw new UsageError('explain needs --labels k=v[,k=v] naming the workload whose proxy receives the request (e.g. istio=ingressgateway)');
    if (positionals.length !== 1) throw new UsageError('explain needs exactly one URL, e.g. http://httpbin.local/ip');
    if (values.output !== 'text' && values.output !== 'json') throw new UsageError(`unknown output format "${values.output}"; use text or json`);
    if (values.type && values.type !== 'router' && values.type !== 'sidecar') throw new UsageError(`--type must be router or sidecar, not "${values.type}"`);
    let labels: Record<string, string>;
    let headers: [string, string][];
    try {
      labels = parseLabelList(values.labels);
      headers = (values.header ?? []).map(parseHeaderArg);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const loaded = loadPaths(values.config, { defaultNamespace: 'default', stdin: io.readStdin });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'Error').length;
    if (errors > 0) io.stderr(`warning: ${errors} invalid resource(s) in the configuration were left out (run \`sextant analyze\` for details)\n`);
    const snapshot = buildSnapshot(loaded.resources);
    let result;
    try {
      result = explainRequest({ snapshot, labels, namespace: values.namespace, type: values.type as 'router' | 'sidecar' | undefined }, { url: positionals[0], method: values.method, headers, sni: values.sni, port: port(values.port) });
    } catch (e) {
      if (e instanceof RequestError) throw new UsageError(e.message);
      throw e;
    }
    io.stdout(values.output === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatExplanation(result));
    return EXIT.OK;
  },
};
