/**
 * MeshConfig.ExtensionProvider: named providers that Telemetry and AuthorizationPolicy (CUSTOM)
 * refer to — external authorization (HTTP, gRPC), tracers, metrics and access loggers. Each
 * provider has a `name` and exactly one provider-specific block.
 */
import { any, bool, deprecated, duration, enumOf, int, list, map, obj, required, str, stringList, stringMap, uint32, type Infer } from '../schema.ts';

const P = 'istio.mesh.v1alpha1.MeshConfig.ExtensionProvider';

/** The provider blocks, in the order of the proto's oneof. */
export const EXTENSION_PROVIDER_TYPES = [
  'envoyExtAuthzHttp',
  'envoyExtAuthzGrpc',
  'zipkin',
  'lightstep',
  'datadog',
  'stackdriver',
  'opencensus',
  'skywalking',
  'opentelemetry',
  'prometheus',
  'envoyFileAccessLog',
  'envoyHttpAls',
  'envoyTcpAls',
  'envoyOtelAls',
  'sds',
] as const;
export type ExtensionProviderType = (typeof EXTENSION_PROVIDER_TYPES)[number];

export const httpHeader = obj({ name: str(), value: str(), envName: str() }, { name: `${P}.HttpHeader`, oneof: [['value', 'envName']] });

const requestBody = obj(
  { maxRequestBytes: uint32(), allowPartialMessage: bool(), packAsBytes: bool() },
  { name: `${P}.EnvoyExternalAuthorizationRequestBody` },
);

export const envoyExtAuthzHttp = obj(
  {
    service: str(),
    port: uint32(),
    timeout: duration(),
    pathPrefix: str(),
    failOpen: bool(),
    clearRouteCache: bool(),
    statusOnError: str(),
    includeHeadersInCheck: deprecated(stringList, 'use includeRequestHeadersInCheck instead'),
    includeRequestHeadersInCheck: stringList,
    includeAdditionalHeadersInCheck: stringMap,
    includeRequestBodyInCheck: requestBody,
    headersToUpstreamOnAllow: stringList,
    headersToDownstreamOnDeny: stringList,
    headersToDownstreamOnAllow: stringList,
  },
  { name: `${P}.EnvoyExternalAuthorizationHttpProvider` },
);

export const envoyExtAuthzGrpc = obj(
  {
    service: str(),
    port: uint32(),
    timeout: duration(),
    failOpen: bool(),
    clearRouteCache: bool(),
    statusOnError: str(),
    includeRequestBodyInCheck: requestBody,
  },
  { name: `${P}.EnvoyExternalAuthorizationGrpcProvider` },
);

export const zipkin = obj(
  {
    service: str(),
    port: uint32(),
    maxTagLength: uint32(),
    enable64bitTraceId: bool(),
    path: str(),
    traceContextOption: enumOf(['USE_B3', 'USE_B3_WITH_W3C_PROPAGATION']),
    timeout: duration(),
    headers: list(httpHeader),
  },
  { name: `${P}.ZipkinTracingProvider` },
);

const serviceAndPort = { service: str(), port: uint32() };

const httpService = obj({ path: str(), timeout: duration(), headers: list(httpHeader) }, { name: `${P}.HttpService` });

export const opentelemetry = obj(
  {
    ...serviceAndPort,
    maxTagLength: uint32(),
    http: httpService,
    grpc: obj({ timeout: duration(), initialMetadata: list(httpHeader) }, { name: `${P}.GrpcService` }),
    resourceDetectors: obj({ environment: obj({}), dynatrace: obj({}) }, { name: `${P}.ResourceDetectors` }),
    serviceAttributeEnrichment: enumOf(['ISTIO_CANONICAL', 'OTEL_SEMANTIC_CONVENTIONS']),
    dynatraceSampler: obj(
      {
        tenant: str(),
        clusterId: int(),
        rootSpansPerMinute: uint32(),
        httpService: obj({ ...serviceAndPort, http: httpService }, { name: `${P}.OpenTelemetryTracingProvider.DynatraceSampler.DynatraceApi` }),
      },
      { name: `${P}.OpenTelemetryTracingProvider.DynatraceSampler` },
    ),
  },
  { name: `${P}.OpenTelemetryTracingProvider` },
);

const logFormat = obj({ text: str(), labels: map(any()) }, { name: `${P}.EnvoyFileAccessLogProvider.LogFormat`, oneof: [['text', 'labels']] });

export const envoyFileAccessLog = obj(
  { path: str(), logFormat, omitEmptyValues: bool() },
  { name: `${P}.EnvoyFileAccessLogProvider` },
);

export const envoyOtelAls = obj(
  { ...serviceAndPort, logName: str(), logFormat: obj({ text: str(), labels: map(any()) }, { name: `${P}.EnvoyOpenTelemetryLogProvider.LogFormat` }) },
  { name: `${P}.EnvoyOpenTelemetryLogProvider` },
);

const stackdriverDeprecated = 'Stackdriver tracing options are deprecated';

export const extensionProvider = obj(
  {
    name: required(str()),
    envoyExtAuthzHttp,
    envoyExtAuthzGrpc,
    zipkin,
    lightstep: deprecated(
      obj({ ...serviceAndPort, accessToken: str(), maxTagLength: uint32() }, { name: `${P}.LightstepTracingProvider` }),
      'Lightstep is deprecated; use opentelemetry instead',
    ),
    datadog: obj({ ...serviceAndPort, maxTagLength: uint32() }, { name: `${P}.DatadogTracingProvider` }),
    stackdriver: obj(
      {
        debug: deprecated(bool(), stackdriverDeprecated),
        maxNumberOfAttributes: deprecated(int(), stackdriverDeprecated),
        maxNumberOfAnnotations: deprecated(int(), stackdriverDeprecated),
        maxNumberOfMessageEvents: deprecated(int(), stackdriverDeprecated),
        maxTagLength: uint32(),
        logging: obj({ labels: stringMap }, { name: `${P}.StackdriverProvider.Logging` }),
      },
      { name: `${P}.StackdriverProvider` },
    ),
    opencensus: deprecated(
      obj(
        { ...serviceAndPort, context: list(enumOf(['UNSPECIFIED', 'W3C_TRACE_CONTEXT', 'GRPC_BIN', 'CLOUD_TRACE_CONTEXT', 'B3'])), maxTagLength: uint32() },
        { name: `${P}.OpenCensusAgentTracingProvider` },
      ),
      'OpenCensus is deprecated; use opentelemetry instead',
    ),
    skywalking: obj({ ...serviceAndPort, accessToken: str() }, { name: `${P}.SkyWalkingTracingProvider` }),
    opentelemetry,
    prometheus: obj({}, { name: `${P}.PrometheusMetricsProvider` }),
    envoyFileAccessLog,
    envoyHttpAls: obj(
      {
        ...serviceAndPort,
        logName: str(),
        filterStateObjectsToLog: stringList,
        additionalRequestHeadersToLog: stringList,
        additionalResponseHeadersToLog: stringList,
        additionalResponseTrailersToLog: stringList,
      },
      { name: `${P}.EnvoyHttpGrpcV3LogProvider` },
    ),
    envoyTcpAls: obj({ ...serviceAndPort, logName: str(), filterStateObjectsToLog: stringList }, { name: `${P}.EnvoyTcpGrpcV3LogProvider` }),
    envoyOtelAls,
    sds: obj({ name: str(), ...serviceAndPort }, { name: `${P}.SDSProvider` }),
  },
  { name: P, oneof: [EXTENSION_PROVIDER_TYPES] },
);

export type ExtensionProvider = Infer<typeof extensionProvider>;
export type EnvoyExtAuthzHttpProvider = Infer<typeof envoyExtAuthzHttp>;
export type EnvoyExtAuthzGrpcProvider = Infer<typeof envoyExtAuthzGrpc>;
export type ZipkinTracingProvider = Infer<typeof zipkin>;
export type OpenTelemetryTracingProvider = Infer<typeof opentelemetry>;
export type EnvoyFileAccessLogProvider = Infer<typeof envoyFileAccessLog>;

/** Which provider block an extension provider sets, if any. */
export function extensionProviderType(p: ExtensionProvider): ExtensionProviderType | undefined {
  return EXTENSION_PROVIDER_TYPES.find((t) => (p as Record<string, unknown>)[t] !== undefined);
}
