/**
 * `sextant validate [-o text|json] [--namespace NS] PATH...`: decode and validate configuration the
 * way `istioctl validate` and Istio's admission webhook do. Exit 0 without errors (warnings alone
 * do not fail), 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { formatDiagnostic, type Diagnostic } from '../../config/diagnostic.ts';
import { loadPaths } from '../../config/load.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check Istio and Kubernetes configuration files for errors',
  usage: 'sextant validate [-o text|json] [-n NAMESPACE] PATH...   (PATH: file, directory, or - for stdin)',
  run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { output: { type: 'string', short: 'o', default: 'text' }, namespace: { type: 'string', short: 'n', default: 'default' } },
    });
    if (positionals.length === 0) throw new UsageError('validate needs at least one PATH (a file, a directory, or - for stdin)');
    if (values.output !== 'text' && values.output !== 'json') throw new UsageError(`unknown output format "${values.output}"; use text or json`);
    const result = loadPaths(positionals, { defaultNamespace: values.namespace, stdin: io.readStdin });
    const diags = sortDiagnostics(result.diagnostics);
    const errors = diags.filter((d) => d.severity === 'Error').length;
    const warnings = diags.filter((d) => d.severity === 'Warning').length;
    if (values.output === 'json') {
      io.stdout(JSON.stringify({ files: result.files.length, resources: result.resources.length, errors, warnings, diagnostics: diags }, null, 2) + '\n');
    } else {
      for (const d of diags) io.stdout(formatDiagnostic(d) + '\n');
      io.stdout(`${result.files.length} file(s), ${result.resources.length} valid resource(s): ${errors} error(s), ${warnings} warning(s)\n`);
    }
    return errors > 0 ? EXIT.FAILURE : EXIT.OK;
  },
};

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
