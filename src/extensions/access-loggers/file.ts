/**
 * `envoy.access_loggers.file` (FileAccessLog: a path, a text or JSON format) and
 * `envoy.access_loggers.stdout` / `stderr` (StreamAccessLog). Lines go through the proxy's access
 * log sinks, so the proxy option can redirect or silence them.
 */
import type { FileAccessLog, Struct } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import { compileJsonFormat, compileTextFormat, type TextFormatter } from '../../proxy/access-log/formatter.ts';
import { ENVOY_DEFAULT_FORMAT } from '../../proxy/access-log/istio-formats.ts';
import { ConfigError } from '../../proxy/config/config-error.ts';
import type { FactoryContext } from '../../proxy/config/factory-context.ts';
import type { AccessLogger, AccessLoggerFactory } from '../api.ts';
import { accessLoggers } from '../registry.ts';

function formatterOf(f: FileAccessLog | undefined, ctx: FactoryContext): TextFormatter {
  const warn = (m: string): void => ctx.warn(`${ctx.where}: ${m}`);
  const lf = f?.logFormat;
  const legacy = f as (FileAccessLog & { format?: string; jsonFormat?: Struct }) | undefined;
  if (lf?.jsonFormat) return compileJsonFormat(lf.jsonFormat, lf.omitEmptyValues === true, warn);
  if (legacy?.jsonFormat) return compileJsonFormat(legacy.jsonFormat, false, warn);
  let text = lf?.textFormatSource?.inlineString ?? legacy?.format ?? ENVOY_DEFAULT_FORMAT;
  if (!text.endsWith('\n')) text += '\n';
  return compileTextFormat(text, warn);
}

function logger(path: string, f: FileAccessLog | undefined, ctx: FactoryContext): AccessLogger {
  const format = formatterOf(f, ctx);
  const writer = ctx.services.accessLogSinks.writer(path);
  return { log: (info) => writer.write(format(info)) };
}

export const fileAccessLogFactory: AccessLoggerFactory = {
  name: FILTER.fileAccessLog,
  typeUrls: [TYPE_URL.fileAccessLog],
  create(typedConfig, ctx) {
    const f = typedConfig as unknown as FileAccessLog | undefined;
    if (!f || typeof f.path !== 'string' || f.path === '') throw new ConfigError('FileAccessLog needs a path');
    return logger(f.path, f, ctx);
  },
};

export const stdoutAccessLogFactory: AccessLoggerFactory = {
  name: 'envoy.access_loggers.stdout',
  typeUrls: [TYPE_URL.stdoutAccessLog],
  create: (typedConfig, ctx) => logger('/dev/stdout', typedConfig as unknown as FileAccessLog, ctx),
};

export const stderrAccessLogFactory: AccessLoggerFactory = {
  name: 'envoy.access_loggers.stderr',
  typeUrls: ['type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StderrAccessLog'],
  create: (typedConfig, ctx) => logger('/dev/stderr', typedConfig as unknown as FileAccessLog, ctx),
};

accessLoggers.register(fileAccessLogFactory);
accessLoggers.register(stdoutAccessLogFactory);
accessLoggers.register(stderrAccessLogFactory);
