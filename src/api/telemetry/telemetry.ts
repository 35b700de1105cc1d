/**
 * telemetry.istio.io Telemetry: tracing, metrics and access logging of the selected workloads,
 * each bound to MeshConfig extension providers. Every field of istio/api
 * telemetry/v1alpha1/telemetry.proto (served as v1 and v1alpha1), proto3 JSON names.
 */
import { bool, duration, enumOf, list, map, num, obj, required, str, type Infer } from '../schema.ts';
import { policyTargetReference, policyTargetReferences, workloadSelector } from '../security/selector.ts';

export const WORKLOAD_MODES = ['CLIENT_AND_SERVER', 'CLIENT', 'SERVER'] as const;

/** Istio's standard metrics (MetricSelector.IstioMetric). */
export const ISTIO_METRICS = [
  'ALL_METRICS',
  'REQUEST_COUNT',
  'REQUEST_DURATION',
  'REQUEST_SIZE',
  'RESPONSE_SIZE',
  'TCP_OPENED_CONNECTIONS',
  'TCP_CLOSED_CONNECTIONS',
  'TCP_SENT_BYTES',
  'TCP_RECEIVED_BYTES',
  'GRPC_REQUEST_MESSAGES',
  'GRPC_RESPONSE_MESSAGES',
] as const;

export const TAG_OVERRIDE_OPERATIONS = ['UPSERT', 'REMOVE'] as const;

/** A MeshConfig extension provider by name (`envoy`, `prometheus`, `otel`, ...). */
export const providerRef = obj({ name: required(str()) }, { name: 'istio.telemetry.v1alpha1.ProviderRef' });

const workloadModeSelector = (name: string) => obj({ mode: enumOf(WORKLOAD_MODES) }, { name });

export const customTag = obj(
  {
    literal: obj({ value: required(str()) }, { name: 'istio.telemetry.v1alpha1.Tracing.Literal' }),
    environment: obj({ name: required(str()), defaultValue: str() }, { name: 'istio.telemetry.v1alpha1.Tracing.Environment' }),
    header: obj({ name: required(str()), defaultValue: str() }, { name: 'istio.telemetry.v1alpha1.Tracing.RequestHeader' }),
    formatter: obj({ value: required(str()) }, { name: 'istio.telemetry.v1alpha1.Tracing.Formatter' }),
  },
  { name: 'istio.telemetry.v1alpha1.Tracing.CustomTag', oneof: [['literal', 'environment', 'header', 'formatter']] },
);

export const tracing = obj(
  {
    match: workloadModeSelector('istio.telemetry.v1alpha1.Tracing.TracingSelector'),
    providers: list(providerRef),
    randomSamplingPercentage: num(),
    disableSpanReporting: bool(),
    customTags: map(customTag),
    useRequestIdForTraceSampling: bool(),
    enableIstioTags: bool(),
    disableContextPropagation: bool(),
  },
  { name: 'istio.telemetry.v1alpha1.Tracing' },
);

export const metricSelector = obj(
  {
    metric: enumOf(ISTIO_METRICS),
    customMetric: str(),
    mode: enumOf(WORKLOAD_MODES),
  },
  { name: 'istio.telemetry.v1alpha1.MetricSelector', oneof: [['metric', 'customMetric']] },
);

export const tagOverride = obj(
  {
    operation: enumOf(TAG_OVERRIDE_OPERATIONS),
    value: str(),
  },
  { name: 'istio.telemetry.v1alpha1.MetricsOverrides.TagOverride' },
);

export const metricsOverrides = obj(
  {
    match: metricSelector,
    disabled: bool(),
    tagOverrides: map(tagOverride),
  },
  { name: 'istio.telemetry.v1alpha1.MetricsOverrides' },
);

export const metrics = obj(
  {
    providers: list(providerRef),
    overrides: list(metricsOverrides),
    reportingInterval: duration(),
  },
  { name: 'istio.telemetry.v1alpha1.Metrics' },
);

export const accessLoggingFilter = obj({ expression: str() }, { name: 'istio.telemetry.v1alpha1.AccessLogging.Filter' });

export const accessLogging = obj(
  {
    match: workloadModeSelector('istio.telemetry.v1alpha1.AccessLogging.LogSelector'),
    providers: list(providerRef),
    disabled: bool(),
    filter: accessLoggingFilter,
  },
  { name: 'istio.telemetry.v1alpha1.AccessLogging' },
);

export const telemetrySpec = obj(
  {
    selector: workloadSelector,
    targetRef: policyTargetReference,
    targetRefs: policyTargetReferences,
    tracing: list(tracing),
    metrics: list(metrics),
    accessLogging: list(accessLogging),
  },
  { name: 'istio.telemetry.v1alpha1.Telemetry' },
);

export type WorkloadMode = (typeof WORKLOAD_MODES)[number];
export type IstioMetric = (typeof ISTIO_METRICS)[number];
export type ProviderRef = Infer<typeof providerRef>;
export type CustomTag = Infer<typeof customTag>;
export type Tracing = Infer<typeof tracing>;
export type MetricSelector = Infer<typeof metricSelector>;
export type TagOverride = Infer<typeof tagOverride>;
export type MetricsOverrides = Infer<typeof metricsOverrides>;
export type Metrics = Infer<typeof metrics>;
export type AccessLoggingFilter = Infer<typeof accessLoggingFilter>;
export type AccessLogging = Infer<typeof accessLogging>;
/** The `spec` of a Telemetry resource. */
export type Telemetry = Infer<typeof telemetrySpec>;
