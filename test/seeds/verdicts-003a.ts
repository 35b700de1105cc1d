/**
 * Expected verdicts for seed 003 (a field-by-field reference), first half: IstioOperator,
 * AuthorizationPolicy, the mesh ConfigMap, DestinationRule, EnvoyFilter, Deployment and Gateway.
 * Most examples are fragments that show one field; where the fragment leaves out a field Istio
 * requires, the verdict is that error.
 */
import { E, invalid, optional, valid, W, type Expected, type Verdict } from './expect.ts';

/** DestinationRule.host is REQUIRED (CRD schema `required: [host]`; the webhook: "empty domain name not allowed"). */
const DR_HOST = E(6, 3, /missing required field "host"|empty domain name/);
/** Istio's ValidateEnvoyFilter warns on every EnvoyFilter. */
const EF_WARNING = W(1, 1, /EnvoyFilter exposes internal implementation details/);
const EF_MISSING_APPLY_TO = E(7, 7, /missing applyTo/);
const EF_MISSING_PATCH = E(7, 7, /missing patch/);
const LIST_NOT_OBJECT = E(9, 9, 'spec.configPatches[0].match: expected an object, got a list');
/** Gateway servers: CRD `required: [port, hosts]`, port `required: [number, protocol, name]`. */
const missing = (line: number, col: number, field: string): Expected => E(line, col, `missing required field "${field}"`);

const dr = (why: string, ...more: Expected[]): Verdict => invalid(0, `host is missing; ${why}`, DR_HOST, ...more);
const efMissingApplyTo = (why: string): Verdict => invalid(0, `the fragment has no applyTo ("Envoy filter: missing applyTo"); ${why}`, EF_WARNING, EF_MISSING_APPLY_TO);
const efMissingPatch = (applyTo: string): Verdict => invalid(0, `applyTo ${applyTo} without a patch ("Envoy filter: missing patch")`, EF_WARNING, EF_MISSING_PATCH);
const efContextList = (context: string): Verdict =>
  invalid(0, `\`match:\` holds a list (\`- context: ${context}\`) where EnvoyConfigObjectMatch is an object: protobuf JSON rejects it`, LIST_NOT_OBJECT);
const serverMissingPortAndHosts = (why: string): Verdict => invalid(0, `a server needs port and hosts; ${why}`, missing(7, 7, 'port'), missing(7, 7, 'hosts'));

export const VERDICTS_003A: Record<string, Verdict> = {
  '003/istio-operator.yaml': valid(1, 'IstioOperator with the demo profile'),

  '003/authz-action.yaml': valid(1, 'ALLOW with no rules is legal (it matches nothing, so it denies everything in scope)'),
  '003/authz-provider.yaml': valid(1, 'CUSTOM with provider.name and a rule: the webhook accepts it; the provider is resolved against the mesh config later'),
  '003/mesh-cm-ext-authz.yaml': invalid(
    0,
    'the mesh config puts includeHeadersInCheck beside envoyExtAuthzHttp instead of inside it: an unknown field of ExtensionProvider (MeshConfig is decoded strictly)',
    E(12, 9, /"includeHeadersInCheck"/),
  ),
  '003/authz-allow-pod.yaml': valid(1, 'principals + methods'),
  '003/authz-allow-namespace.yaml': valid(1, 'namespaces + methods'),
  '003/authz-allow-jwt.yaml': valid(1, 'when key request.auth.claims[iss] is one of the attributes Istio knows; values are free text'),
  '003/authz-deny-all.yaml': valid(1, 'DENY with the empty rule `{}`'),
  '003/authz-allow-all.yaml': valid(1, 'ALLOW with the empty rule `{}`'),
  '003/authz-deny-non-tls.yaml': invalid(0, 'metadata.namespace "NAMESPACE" is a placeholder, not a DNS-1123 label', E(5, 3, 'metadata.namespace "NAMESPACE"')),
  '003/authz-selector.yaml': valid(1, 'selector.matchLabels only'),

  '003/dr-export-to-all.yaml': dr('exportTo "*" itself is fine'),
  '003/dr-export-to-dot.yaml': dr('exportTo "." itself is fine'),
  '003/dr-host.yaml': valid(1, 'host only'),
  '003/dr-host-egressgateway.yaml': valid(1, 'host only'),
  '003/dr-subsets.yaml': dr('the subsets are fine'),
  '003/dr-max-requests-per-connection.yaml': dr('maxRequestsPerConnection: 1 is fine'),
  '003/dr-http1-max-pending-requests.yaml': dr('http1MaxPendingRequests: 1 is fine'),
  '003/dr-max-connections.yaml': dr('maxConnections: 100 is fine'),
  '003/dr-outlier-interval.yaml': dr('interval 10s is fine'),
  '003/dr-outlier-consecutive-gateway-errors.yaml': dr('consecutiveGatewayErrors is fine'),
  '003/dr-outlier-base-ejection-time.yaml': dr('durations are fine'),
  '003/dr-outlier-min-health-percent.yaml': dr('minHealthPercent 90 is fine'),
  '003/dr-lb-round-robin.yaml': dr('ROUND_ROBIN is fine'),
  '003/dr-lb-locality.yaml': invalid(
    0,
    'two `to` keys are the same string (a duplicate key: the 70 is lost); `enabled: "true"` is a string where BoolValue needs a boolean; host is missing',
    E(14, 15, 'duplicate key "<リージョン名>/<ゾーン名>/*"'),
    E(9, 18, /enabled: expected true or false/),
    DR_HOST,
  ),
  '003/dr-lb-least-conn.yaml': dr('LEAST_CONN is deprecated in favour of LEAST_REQUEST', W(9, 15, /LEAST_CONN/)),
  '003/dr-port-level-lb.yaml': dr('a port traffic policy without port', optional(E(8, 9, /portTrafficPolicy must have valid port|port/))),
  '003/dr-port-level-port.yaml': dr('a port traffic policy with nothing but the port', optional(E(8, 9, /port traffic policy must have at least one field/))),
  '003/dr-tls-disable.yaml': dr('mode DISABLE is fine'),
  '003/dr-tls-simple.yaml': dr('mode SIMPLE is fine'),
  '003/dr-tls-mutual.yaml': dr('MUTUAL without certificates', optional(E(8, 7, /client certificate required/)), optional(E(8, 7, /private key required/))),
  '003/dr-tls-istio-mutual.yaml': dr('mode ISTIO_MUTUAL is fine'),
  '003/dr-tls-private-key.yaml': dr('MUTUAL without clientCertificate', optional(E(8, 7, /client certificate required/))),
  '003/dr-tls-client-certificate.yaml': dr('MUTUAL without privateKey', optional(E(8, 7, /private key required/))),
  '003/dr-tls-ca-certificates.yaml': dr('MUTUAL without client certificate and key', optional(E(8, 7, /client certificate required/)), optional(E(8, 7, /private key required/))),

  '003/ef-apply-to-network-filter.yaml': efMissingPatch('NETWORK_FILTER'),
  '003/ef-apply-to-http-filter.yaml': efMissingPatch('HTTP_FILTER'),
  '003/ef-apply-to-listener-filter.yaml': efMissingPatch('LISTENER_FILTER'),
  '003/ef-match-cluster.yaml': efMissingApplyTo('match.cluster.name is fine'),
  '003/ef-match-listener.yaml': efMissingApplyTo('the listener filter-chain match is fine'),
  '003/ef-match-context-any.yaml': efContextList('ANY'),
  '003/ef-match-context-sidecar-inbound.yaml': efContextList('SIDECAR_INBOUND'),
  '003/ef-match-context-gateway.yaml': efContextList('GATEWAY'),
  '003/ef-match-context-sidecar-outbound.yaml': efContextList('SIDECAR_OUTBOUND'),
  '003/ef-patch-merge.yaml': efMissingApplyTo('operation MERGE is fine'),
  '003/ef-patch-insert-before.yaml': efMissingApplyTo('operation INSERT_BEFORE is fine'),
  '003/ef-patch-insert-first.yaml': efMissingApplyTo('operation INSERT_FIRST is fine'),
  '003/ef-patch-merge-again.yaml': efMissingApplyTo('the seed shows the MERGE example twice'),
  '003/ef-patch-value.yaml': efMissingApplyTo('the value with typed_config/@type is a Struct and fine'),
  '003/ef-priority.yaml': valid(1, 'priority -1 with no patches is legal', EF_WARNING),
  '003/ef-keepalive.yaml': valid(1, 'LISTENER MERGE of socket_options on the 8443 gateway listener: a valid Listener patch', EF_WARNING),

  '003/deployment-istio-proxy.yaml': invalid(
    0,
    'apps/v1 Deployment: the pod template has no labels, so `selector` does not match template `labels` (API server validation)',
    E(10, 5, /does not match template|selector.*labels|labels.*selector/),
  ),
  '003/deployment-ingressgateway-labels.yaml': invalid(
    0,
    'a labels-only fragment of the gateway Deployment: no name and no spec (selector and template are required)',
    E(4, 3, 'metadata.name is required'),
    E(1, 1, /"spec"|selector/),
  ),

  '003/gateway-selector.yaml': invalid(0, 'selector only: "gateway must have at least one server"', E(6, 3, 'gateway must have at least one server')),
  '003/gateway-port-name.yaml': invalid(0, 'port with only a name; no hosts', missing(8, 9, 'number'), missing(8, 9, 'protocol'), missing(7, 7, 'hosts')),
  '003/gateway-port-number.yaml': invalid(0, 'port with only a number; no hosts', missing(8, 9, 'protocol'), missing(8, 9, 'name'), missing(7, 7, 'hosts')),
  '003/gateway-port-protocol.yaml': invalid(0, 'port with only a protocol; no hosts', missing(8, 9, 'number'), missing(8, 9, 'name'), missing(7, 7, 'hosts')),
  '003/gateway-port-target-port.yaml': invalid(
    0,
    'port with only targetPort ("targetPort has no impact on Gateways"); no number, protocol, name or hosts',
    missing(8, 9, 'number'),
    missing(8, 9, 'protocol'),
    missing(8, 9, 'name'),
    missing(7, 7, 'hosts'),
    W(8, 9, /targetPort/),
  ),
  '003/gateway-hosts-ingress.yaml': invalid(0, 'hosts "*" is fine; the server has no port', missing(7, 7, 'port')),
  '003/gateway-hosts-egress.yaml': invalid(0, 'hosts "*" is fine; the server has no port', missing(7, 7, 'port')),
  '003/gateway-tls-ca-certificates.yaml': serverMissingPortAndHosts('tls.caCertificates alone'),
  '003/gateway-tls-credential-name.yaml': serverMissingPortAndHosts('tls.credentialName alone'),
  '003/gateway-tls-mode-mutual.yaml': serverMissingPortAndHosts('tls.mode MUTUAL alone'),
  '003/gateway-tls-mode-simple.yaml': serverMissingPortAndHosts('tls.mode SIMPLE alone'),
  '003/gateway-tls-private-key.yaml': serverMissingPortAndHosts('tls.privateKey alone'),
  '003/gateway-tls-server-certificate.yaml': invalid(
    0,
    'kind and name are swapped (`kind: foo-ingress`, `name: gateway`): no such kind in networking.istio.io',
    E(2, 7, 'unknown kind "foo-ingress" in networking.istio.io'),
  ),
};
