/**
 * `sextant analyze [-o text|json|yaml] [--failure-threshold Error|Warning|Info]
 * [--output-threshold LEVEL] [-S CODE=Kind ns/name]... [-n NS] [-L] PATH...`: istioctl analyze
 * for configuration files — cross-resource checks with Istio's message codes, levels and format.
 * Exit 79 (istioctl's AnalyzerFoundIssuesError) when a message at or above the failure threshold
 * (default Error) remains after suppressions, 0 otherwise; istioctl does so only for text output,
 * Sextant for every format so that CI pipelines reading JSON still fail.
 */
import { parseArgs } from 'node:util';
import { analyzePaths, ANALYZERS } from '../../analyze/index.ts';
import { formatMessages, OUTPUT_FORMATS, type OutputFormat } from '../../analyze/format.ts';
import { atOrAbove, parseLevel, type Level } from '../../analyze/messages.ts';
import { parseSuppression, SuppressionError, type Suppression } from '../../analyze/suppress.ts';
import type { CliIO, Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

function level(s: string | undefined, flag: string, dflt: Level): Level {
  if (s === undefined) return dflt;
  const l = parseLevel(s);
  if (!l) throw new UsageError(`${flag} must be Error, Warning or Info, not "${s}"`);
  return l;
}

function suppressions(list: readonly string[], io: CliIO): Suppression[] {
  return list.map((s) => {
    try {
      const { suppression, warning } = parseSuppression(s);
      if (warning) io.stderr(`Warning: ${warning}\n`);
      return suppression;
    } catch (e) {
      if (e instanceof SuppressionError) throw new UsageError(e.message);
      throw e;
    }
  });
}

function listAnalyzers(): string {
  const lines = ['Available analyzers:'];
  for (const a of [...ANALYZERS].sort((x, y) => x.name.localeCompare(y.name))) lines.push(`* ${a.name} (${a.messages.map((m) => m.code).join(', ')}):`, `    ${a.description}`);
  return lines.join('\n') + '\n';
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Find configuration mistakes across resources (istioctl analyze codes and format)',
  usage: 'sextant analyze [-o text|json|yaml] [--failure-threshold Error|Warning|Info] [--output-threshold LEVEL] [-S CODE=Kind ns/name]... [-n NS] [-L] PATH...',
  run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o', default: 'text' },
        'failure-threshold': { type: 'string' },
        'output-threshold': { type: 'string' },
        suppress: { type: 'string', short: 'S', multiple: true, default: [] },
        namespace: { type: 'string', short: 'n', default: 'default' },
        'list-analyzers': { type: 'boolean', short: 'L', default: false },
      },
    });
    if (values['list-analyzers']) {
      io.stdout(listAnalyzers());
      return EXIT.OK;
    }
    const format = values.output!.toLowerCase() === 'log' ? 'text' : values.output!.toLowerCase();
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown output format "${values.output}"; use text, json or yaml`);
    const failAt = level(values['failure-threshold'], '--failure-threshold', 'Error');
    const showAt = level(values['output-threshold'], '--output-threshold', 'Info');
    if (positionals.length === 0) throw new UsageError('analyze needs at least one PATH (a file, a directory, or - for stdin)');
    const result = analyzePaths(positionals, { defaultNamespace: values.namespace, stdin: io.readStdin, suppressions: suppressions(values.suppress ?? [], io) });
    for (const f of result.failures) io.stderr(`Internal error in analyzer ${f.analyzer}: ${f.error}\n`);
    const shown = result.messages.filter((m) => atOrAbove(m.level, showAt));
    io.stdout(formatMessages(shown, format as OutputFormat));
    if (shown.length === 0 && format === 'text') {
      const what = result.files.length === 1 ? result.files[0] : `${result.files.length} files`;
      io.stderr(`\u2714 No validation issues found when analyzing ${what}.\n`);
    }
    return result.messages.some((m) => atOrAbove(m.level, failAt)) ? EXIT.ANALYZE_MESSAGES : EXIT.OK;
  },
};
