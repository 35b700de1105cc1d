/**
 * The access log formats the proxy knows: Istio's (shared with the control plane, in
 * envoy/istio-access-log-formats.ts) and Envoy's own default, used when a FileAccessLog names none.
 */

import { ISTIO_JSON_LOG_FORMAT, ISTIO_TEXT_LOG_FORMAT } from '../../envoy/istio-access-log-formats.ts';

export const ISTIO_TEXT_FORMAT = ISTIO_TEXT_LOG_FORMAT;
export const ISTIO_JSON_FORMAT: Record<string, string> = ISTIO_JSON_LOG_FORMAT;

export const ENVOY_DEFAULT_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
  '%BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" ' +
  '"%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n';
