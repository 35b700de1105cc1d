/**
 * `analyze`: runs every analyzer over a configuration and returns istioctl-style messages —
 * sorted, de-duplicated, suppressions applied. `analyzePaths` loads files first (the loader's own
 * findings become IST0106/IST0133/IST0002). The analyzer table is `ANALYZERS`, one entry per file
 * under analyzers/.
 */
import type { Resource } from '../api/resource.ts';
import { resourceKey } from '../api/resource.ts';
import { loadPaths, type LoadOptions } from '../config/load.ts';
import type { Analyzer } from './analyzer.ts';
import { referencedResourceNotFound } from './analyzers/ist0101-referenced-resource-not-found.ts';
import { schemaValidation } from './analyzers/ist0106-schema-validation-error.ts';
import { conflictingMeshGatewayHosts } from './analyzers/ist0109-conflicting-mesh-gateway-virtual-service-hosts.ts';
import { conflictingSidecarSelectors } from './analyzers/ist0110-conflicting-sidecar-workload-selectors.ts';
import { multipleSidecarsWithoutSelectors } from './analyzers/ist0111-multiple-sidecars-without-workload-selectors.ts';
import { destinationPortSelectorRequired } from './analyzers/ist0112-virtual-service-destination-port-selector-required.ts';
import { portNameConvention } from './analyzers/ist0118-port-name-is-not-under-naming-convention.ts';
import { destinationLevelVerification } from './analyzers/ist0128-no-server-certificate-verification-destination-level.ts';
import { portLevelVerification } from './analyzers/ist0129-no-server-certificate-verification-port-level.ts';
import { unreachableRule } from './analyzers/ist0130-virtual-service-unreachable-rule.ts';
import { ineffectiveMatch } from './analyzers/ist0131-virtual-service-ineffective-match.ts';
import { hostNotFoundInGateway } from './analyzers/ist0132-virtual-service-host-not-found-in-gateway.ts';
import { serviceEntryAddressesRequired } from './analyzers/ist0134-service-entry-addresses-required.ts';
import { gatewayDuplicateCertificate } from './analyzers/ist0138-gateway-duplicate-certificate.ts';
import { conflictingGateways } from './analyzers/ist0145-conflicting-gateways.ts';
import { envoyFilterRelativeOperation } from './analyzers/ist0151-envoy-filter-uses-relative-operation.ts';
import { envoyFilterReplaceMisused } from './analyzers/ist0152-envoy-filter-uses-replace-operation-incorrectly.ts';
import { envoyFilterAddIgnored } from './analyzers/ist0153-envoy-filter-uses-add-operation-incorrectly.ts';
import { envoyFilterRemoveIgnored } from './analyzers/ist0154-envoy-filter-uses-remove-operation-incorrectly.ts';
import { envoyFilterRelativeWithProxyVersion } from './analyzers/ist0155-envoy-filter-uses-relative-operation-with-proxy-version.ts';
import { invalidGatewayCredential } from './analyzers/ist0161-invalid-gateway-credential.ts';
import { gatewayPortNotDefinedOnService } from './analyzers/ist0162-gateway-port-not-defined-on-service.ts';
import { subsetNotSelectPods } from './analyzers/ist0173-destination-rule-subset-not-select-pods.ts';
import { unknownDestinationRuleHost } from './analyzers/ist0174-unknown-destination-rule-host.ts';
import { authorizationPolicyDeniesOtherTraffic } from './analyzers/sxt0001-authorization-policy-denies-other-traffic.ts';
import { requestAuthenticationWithoutRequiredToken } from './analyzers/sxt0002-request-authentication-without-required-token.ts';
import { virtualServiceNotVisibleToGateway } from './analyzers/sxt0003-virtual-service-not-visible-to-gateway.ts';
import { gatewayHostWithoutVirtualService } from './analyzers/sxt0004-gateway-host-without-virtual-service.ts';
import { AnalysisContext, type AnalysisInput } from './context.ts';
import { sortAndDedupe, type AnalysisMessage } from './message.ts';
import { applySuppressions, type Suppression } from './suppress.ts';

export const ANALYZERS: readonly Analyzer[] = [
  referencedResourceNotFound,
  schemaValidation,
  conflictingMeshGatewayHosts,
  conflictingSidecarSelectors,
  multipleSidecarsWithoutSelectors,
  destinationPortSelectorRequired,
  portNameConvention,
  destinationLevelVerification,
  portLevelVerification,
  unreachableRule,
  ineffectiveMatch,
  hostNotFoundInGateway,
  serviceEntryAddressesRequired,
  gatewayDuplicateCertificate,
  conflictingGateways,
  envoyFilterRelativeOperation,
  envoyFilterReplaceMisused,
  envoyFilterAddIgnored,
  envoyFilterRemoveIgnored,
  envoyFilterRelativeWithProxyVersion,
  invalidGatewayCredential,
  gatewayPortNotDefinedOnService,
  subsetNotSelectPods,
  unknownDestinationRuleHost,
  authorizationPolicyDeniesOtherTraffic,
  requestAuthenticationWithoutRequiredToken,
  virtualServiceNotVisibleToGateway,
  gatewayHostWithoutVirtualService,
];

export interface AnalyzeOptions {
  analyzers?: readonly Analyzer[];
  suppressions?: readonly Suppression[];
}

export interface AnalysisResult {
  messages: AnalysisMessage[];
  /** Analyzers that threw (a bug), with the error text; their other findings are kept. */
  failures: { analyzer: string; error: string }[];
}

export function analyze(input: AnalysisInput, opts: AnalyzeOptions = {}): AnalysisResult {
  const ctx = new AnalysisContext(input);
  const failures: AnalysisResult['failures'] = [];
  for (const a of opts.analyzers ?? ANALYZERS) {
    try {
      a.analyze(ctx);
    } catch (e) {
      failures.push({ analyzer: a.name, error: (e as Error).stack ?? String(e) });
    }
  }
  const byKey = new Map<string, Resource>(input.resources.map((r) => [resourceKey(r), r]));
  const kept = applySuppressions(ctx.messages, opts.suppressions ?? [], (m) => byKey.get(`${m.origin!.kind}/${m.origin!.namespace}/${m.origin!.name}`));
  return { messages: sortAndDedupe(kept), failures };
}

export interface PathAnalysisResult extends AnalysisResult {
  files: string[];
  resources: number;
}

/** Loads PATHs (files, directories, `-`) and analyzes what they hold. */
export function analyzePaths(paths: readonly string[], opts: AnalyzeOptions & LoadOptions = {}): PathAnalysisResult {
  const loaded = loadPaths(paths, opts);
  const result = analyze({ resources: loaded.resources, diagnostics: loaded.diagnostics }, opts);
  return { ...result, files: loaded.files, resources: loaded.resources.length };
}

export type { AnalysisMessage } from './message.ts';
export type { Analyzer } from './analyzer.ts';
export { formatMessage } from './message.ts';
export { ALL_MESSAGES, MSG, messageByCode, type Level, type MessageType } from './messages.ts';
export { parseSuppression, type Suppression } from './suppress.ts';
