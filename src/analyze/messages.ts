/**
 * The analysis message table: every message `sextant analyze` can print, with its code, name,
 * level and template. Codes, names, levels and templates of IST messages are Istio's (its
 * pkg/config/analysis/msg/messages.yaml), so `--suppress` lists and documentation links written
 * for istioctl keep working. Sextant's own checks use the SXT prefix, a range Istio never uses;
 * they are documented in docs/analyze.md. Templates use Go's verbs as Istio writes them (%s, %v,
 * %q, %d, %t); `formatTemplate` renders them.
 */

export type Level = 'Error' | 'Warning' | 'Info';

export interface MessageType {
  readonly code: string;
  readonly name: string;
  readonly level: Level;
  readonly description: string;
  readonly template: string;
}

const m = (code: string, name: string, level: Level, description: string, template: string): MessageType => ({ code, name, level, description, template });

export const MSG = {
  Deprecated: m('IST0002', 'Deprecated', 'Warning', 'A feature that the configuration is depending on is now deprecated.', 'Deprecated: %s'),
  ReferencedResourceNotFound: m('IST0101', 'ReferencedResourceNotFound', 'Error', 'A resource being referenced does not exist.', 'Referenced %s not found: %q'),
  SchemaValidationError: m('IST0106', 'SchemaValidationError', 'Error', 'The resource has a schema validation error.', 'Schema validation error: %v'),
  ConflictingMeshGatewayVirtualServiceHosts: m(
    'IST0109',
    'ConflictingMeshGatewayVirtualServiceHosts',
    'Error',
    'Conflicting hosts on VirtualServices associated with mesh gateway',
    'The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
  ),
  ConflictingSidecarWorkloadSelectors: m(
    'IST0110',
    'ConflictingSidecarWorkloadSelectors',
    'Error',
    'A Sidecar resource selects the same workloads as another Sidecar resource',
    'The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.',
  ),
  MultipleSidecarsWithoutWorkloadSelectors: m(
    'IST0111',
    'MultipleSidecarsWithoutWorkloadSelectors',
    'Error',
    'More than one sidecar resource in a namespace has no workload selector',
    'The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior.',
  ),
  VirtualServiceDestinationPortSelectorRequired: m(
    'IST0112',
    'VirtualServiceDestinationPortSelectorRequired',
    'Error',
    'A VirtualService routes to a service with more than one port exposed, but does not specify which to use.',
    'This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in the destination is required to disambiguate.',
  ),
  PortNameIsNotUnderNamingConvention: m(
    'IST0118',
    'PortNameIsNotUnderNamingConvention',
    'Info',
    'Port name is not under naming convention. Protocol detection is applied to the port.',
    "Port name %s (port: %d, targetPort: %s) doesn't follow the naming convention of Istio port.",
  ),
  NoServerCertificateVerificationDestinationLevel: m(
    'IST0128',
    'NoServerCertificateVerificationDestinationLevel',
    'Warning',
    'No caCertificates are set in DestinationRule, this results in no verification of presented server certificate.',
    'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s',
  ),
  NoServerCertificateVerificationPortLevel: m(
    'IST0129',
    'NoServerCertificateVerificationPortLevel',
    'Warning',
    'No caCertificates are set in DestinationRule, this results in no verification of presented server certificate for traffic to a given port.',
    'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s at port %s',
  ),
  VirtualServiceUnreachableRule: m('IST0130', 'VirtualServiceUnreachableRule', 'Warning', 'A VirtualService rule will never be used because a previous rule uses the same match.', 'VirtualService rule %v not used (%s).'),
  VirtualServiceIneffectiveMatch: m(
    'IST0131',
    'VirtualServiceIneffectiveMatch',
    'Info',
    'A VirtualService rule match duplicates a match in a previous rule.',
    'VirtualService rule %v match %v is not used (duplicate/overlapping match in rule %v).',
  ),
  VirtualServiceHostNotFoundInGateway: m('IST0132', 'VirtualServiceHostNotFoundInGateway', 'Warning', 'Host defined in VirtualService not found in Gateway.', 'one or more host %v defined in VirtualService %s not found in Gateway %s.'),
  SchemaWarning: m('IST0133', 'SchemaWarning', 'Warning', 'The resource has a schema validation warning.', 'Schema validation warning: %v'),
  ServiceEntryAddressesRequired: m('IST0134', 'ServiceEntryAddressesRequired', 'Warning', 'Virtual IP addresses are required for ports serving TCP (or unset) protocol', 'ServiceEntry addresses are required for this protocol.'),
  GatewayDuplicateCertificate: m(
    'IST0138',
    'GatewayDuplicateCertificate',
    'Warning',
    'Duplicate certificate in multiple gateways may cause 404s if clients re-use HTTP2 connections.',
    'Duplicate certificate in multiple gateways %v may cause 404s if clients re-use HTTP2 connections.',
  ),
  ConflictingGateways: m('IST0145', 'ConflictingGateways', 'Error', 'Gateway should not have the same selector, port and matched hosts of server', 'Conflict with gateways %s (workload selector %s, port %s, hosts %v).'),
  EnvoyFilterUsesRelativeOperation: m(
    'IST0151',
    'EnvoyFilterUsesRelativeOperation',
    'Warning',
    'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
    'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
  ),
  EnvoyFilterUsesReplaceOperationIncorrectly: m(
    'IST0152',
    'EnvoyFilterUsesReplaceOperationIncorrectly',
    'Error',
    'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.',
    'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.',
  ),
  EnvoyFilterUsesAddOperationIncorrectly: m(
    'IST0153',
    'EnvoyFilterUsesAddOperationIncorrectly',
    'Error',
    'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
    'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
  ),
  EnvoyFilterUsesRemoveOperationIncorrectly: m(
    'IST0154',
    'EnvoyFilterUsesRemoveOperationIncorrectly',
    'Error',
    'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
    'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
  ),
  EnvoyFilterUsesRelativeOperationWithProxyVersion: m(
    'IST0155',
    'EnvoyFilterUsesRelativeOperationWithProxyVersion',
    'Warning',
    'This EnvoyFilter does not have a priority and has a relative patch operation and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade.',
    'This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
  ),
  InvalidGatewayCredential: m(
    'IST0161',
    'InvalidGatewayCredential',
    'Error',
    'The credential provided for the Gateway resource is invalid',
    'The credential referenced by the Gateway %s in namespace %s is invalid, which can cause the traffic not to work as expected.',
  ),
  GatewayPortNotDefinedOnService: m(
    'IST0162',
    'GatewayPortNotDefinedOnService',
    'Warning',
    'Gateway port not exposed by service',
    'The gateway is listening on a target port (port %d) that is not defined in the Service associated with its workload instances (Pod selector %s). If you need to access the gateway port through the gateway Service, it will not be available.',
  ),
  DestinationRuleSubsetNotSelectPods: m(
    'IST0173',
    'DestinationRuleSubsetNotSelectPods',
    'Error',
    'Subsets defined in destination does not select any pods.',
    'The Subset %s defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
  ),
  UnknownDestinationRuleHost: m('IST0174', 'UnknownDestinationRuleHost', 'Warning', 'Host defined in destination rule does not match any services in the mesh.', 'The host %s defined in the DestinationRule does not match any services in the mesh.'),
  AuthorizationPolicyDeniesOtherTraffic: m(
    'SXT0001',
    'AuthorizationPolicyDeniesOtherTraffic',
    'Info',
    'An ALLOW AuthorizationPolicy turns on deny-by-default for the workloads it selects: requests no ALLOW rule matches are denied with 403.',
    'ALLOW policy %s applies to %s; every request to those workloads that none of its %d rule(s) match is now denied (403 RBAC: access denied)%s.',
  ),
  RequestAuthenticationWithoutRequiredToken: m(
    'SXT0002',
    'RequestAuthenticationWithoutRequiredToken',
    'Warning',
    'A RequestAuthentication only rejects invalid tokens; requests without a token pass unless an AuthorizationPolicy requires one.',
    'RequestAuthentication %s validates JWTs from %v for %s, but no AuthorizationPolicy there requires a request principal, so requests without any token are accepted.',
  ),
  VirtualServiceNotVisibleToGateway: m(
    'SXT0003',
    'VirtualServiceNotVisibleToGateway',
    'Error',
    'A VirtualService is bound to a Gateway whose workload cannot see it because of exportTo.',
    'VirtualService %s is bound to Gateway %s, but its exportTo %v hides it from namespace %q where the gateway workload runs, so the gateway never uses it.',
  ),
  GatewayHostWithoutVirtualService: m(
    'SXT0004',
    'GatewayHostWithoutVirtualService',
    'Warning',
    'A Gateway server accepts a host that no VirtualService bound to that Gateway routes; such requests get 404.',
    'Gateway server %s accepts host %q but no VirtualService bound to Gateway %s has a matching host, so requests for it get 404 from the default virtual host.',
  ),
} as const satisfies Record<string, MessageType>;

export type MessageName = keyof typeof MSG;

export const ALL_MESSAGES: readonly MessageType[] = Object.values(MSG);

const BY_CODE = new Map(ALL_MESSAGES.map((t) => [t.code, t]));

export function messageByCode(code: string): MessageType | undefined {
  return BY_CODE.get(code.toUpperCase());
}

/** Renders a Go-style template: %s and %v as text (lists as `[a b]`), %q quoted, %d, %t. */
export function formatTemplate(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%([svqdt%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'q') return JSON.stringify(String(a));
    if (Array.isArray(a)) return `[${a.map(String).join(' ')}]`;
    return String(a);
  });
}

const LEVEL_ORDER: Record<Level, number> = { Error: 0, Warning: 1, Info: 2 };

/** True when `level` is at least as severe as `threshold` (Error ≥ Warning ≥ Info). */
export function atOrAbove(level: Level, threshold: Level): boolean {
  return LEVEL_ORDER[level] <= LEVEL_ORDER[threshold];
}

export function levelOrder(level: Level): number {
  return LEVEL_ORDER[level];
}

export function parseLevel(s: string): Level | undefined {
  const l = s.toLowerCase();
  if (l === 'error') return 'Error';
  if (l === 'warning' || l === 'warn') return 'Warning';
  if (l === 'info') return 'Info';
  return undefined;
}
