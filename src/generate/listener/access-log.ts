/**
 * Access logging from MeshConfig `accessLogFile` / `accessLogEncoding` / `accessLogFormat`
 * (Istio's default text format, or its JSON fields for `JSON`), as an envoy.access_loggers.file.
 */
import type { AccessLog, FileAccessLog } from '../../envoy/types.ts';
import { FILTER, TYPE_URL } from '../../envoy/type-urls.ts';
import type { MeshConfig } from '../../model/mesh-config.ts';
import { toAny } from '../any.ts';
import { ISTIO_JSON_LOG_FORMAT, ISTIO_TEXT_LOG_FORMAT } from '../../envoy/istio-access-log-formats.ts';

export { ISTIO_JSON_LOG_FORMAT, ISTIO_TEXT_LOG_FORMAT };

export function accessLogs(mesh: MeshConfig): AccessLog[] | undefined {
  if (!mesh.accessLogFile) return undefined;
  const cfg: FileAccessLog = { path: mesh.accessLogFile };
  if (mesh.accessLogEncoding === 'JSON') cfg.logFormat = { jsonFormat: { ...ISTIO_JSON_LOG_FORMAT } };
  else cfg.logFormat = { textFormatSource: { inlineString: mesh.accessLogFormat || ISTIO_TEXT_LOG_FORMAT } };
  return [{ name: FILTER.fileAccessLog, typedConfig: toAny(TYPE_URL.fileAccessLog, cfg) }];
}
