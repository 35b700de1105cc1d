/**
 * Expected verdicts for seed 003, second half: PeerAuthentication, ProxyConfig,
 * RequestAuthentication (with its `forwardOriginalTolen` typo), ServiceEntry, Telemetry and
 * VirtualService.
 */
import { E, invalid, optional, valid, W, type Expected, type Verdict } from './expect.ts';

/** The seed's typo, reported as an unknown field with the suggestion. */
const TOLEN = (line: number): Expected => E(line, 7, /unknown field "forwardOriginalTolen".*did you mean "forwardOriginalToken"/);
/** ServiceEntry.hosts is REQUIRED (CRD `required: [hosts]`; webhook: "service entry must have at least one host"). */
const SE_HOSTS = E(6, 3, /missing required field "hosts"|at least one host/);
const NO_ROUTES = (line: number): Expected => E(line, 3, /http, tcp or tls must be provided/);
const ROUTE_REQUIRED = E(7, 7, /HTTP route, redirect or direct_response is required/);
const NO_METADATA = E(1, 1, 'missing "metadata"');
/** `<DBクラスター名>.cluster-<id>...` is a placeholder: its first label is not a DNS-1123 label. */
const DB_HOST = /<DBクラスター名>.*invalid|invalid.*<DBクラスター名>/;

const se = (why: string): Verdict => invalid(0, `hosts is missing; ${why}`, SE_HOSTS);
const raWithPolicy = (why: string, ...more: Expected[]): Verdict =>
  invalid(1, `RequestAuthentication: forwardOriginalTolen is a typo of forwardOriginalToken (strict decoding stops there); ${why}`, TOLEN(12), ...more);

export const VERDICTS_003B: Record<string, Verdict> = {
  '003/peer-authn-selector.yaml': valid(1, 'STRICT mTLS for pods labelled app=foo'),
  '003/peer-authn-mtls.yaml': valid(1, 'namespace-wide STRICT mTLS'),

  '003/proxyconfig-concurrency.yaml': valid(1, 'concurrency 0 (one worker per core) is allowed'),
  '003/proxyconfig-environment-variables.yaml': invalid(
    0,
    'environmentVariables is map<string, string>: the unquoted `true` is a boolean, which protobuf JSON rejects',
    E(7, 29, /ISTIO_META_DNS_CAPTURE: expected a string, got boolean/),
  ),

  '003/request-authn-jwt.yaml': raWithPolicy('the AuthorizationPolicy requiring the issuer claim is valid'),
  '003/request-authn-auth0.yaml': raWithPolicy('the AuthorizationPolicy is valid'),
  '003/request-authn-keycloak.yaml': raWithPolicy('the AuthorizationPolicy is valid'),
  '003/request-authn-oauth2-proxy.yaml': invalid(
    1,
    'RequestAuthentication has the typo; the CUSTOM AuthorizationPolicy has no rules ("CUSTOM action without `rules` is meaningless"); ' +
      'ConfigMap foo-cm holds mesh config under a name the mesh does not read (a warning)',
    TOLEN(11),
    E(26, 11, /CUSTOM action without .rules./),
    W(36, 9, /mesh config.*(istio-mesh-cm|ignored)/),
  ),
  '003/request-authn-selector.yaml': invalid(
    0,
    'metadata.name ends with a stray double quote: not a valid DNS-1123 subdomain',
    E(4, 3, /metadata\.name "foo-request-authentication-jwt""? is not a valid name/),
  ),

  '003/se-addresses-tcp.yaml': invalid(0, '`address:` is a typo of `addresses`', E(12, 3, /unknown field "address".*did you mean "addresses"/)),
  '003/se-addresses-mysql.yaml': invalid(
    0,
    'the host is a placeholder with `<`, `>` and non-ASCII characters: not a valid domain name',
    E(9, 7, DB_HOST),
    optional(E(9, 7, /hosts must be FQDN/)),
  ),
  '003/se-export-to.yaml': se('exportTo "*" is fine'),
  '003/se-hosts-foo.yaml': valid(1, 'a host and nothing else is a legal ServiceEntry (resolution NONE, no ports)'),
  '003/se-hosts-mysql.yaml': invalid(0, 'placeholder host is not a valid domain name', E(7, 7, DB_HOST)),
  '003/se-location-mesh-external.yaml': se('MESH_EXTERNAL is fine'),
  '003/se-location-mesh-internal.yaml': se('MESH_INTERNAL is fine'),
  '003/se-ports-mysql.yaml': se('the port is fine'),
  '003/se-ports-http.yaml': se('the ports are fine'),
  '003/se-resolution-dns.yaml': se('resolution DNS is fine'),
  '003/se-resolution-none.yaml': se('the seed shows resolution DNS under its NONE heading'),

  '003/telemetry-namespace.yaml': invalid(0, 'metadata without a name', E(5, 3, 'metadata.name is required')),
  '003/telemetry-access-logging.yaml': valid(1, 'access logging through the envoy provider'),
  '003/mesh-cm-access-log-file.yaml': valid(1, 'mesh config with accessLogFile: /dev/stdout'),
  '003/telemetry-metrics.yaml': valid(1, 'metrics through the prometheus provider'),
  '003/telemetry-tracing.yaml': valid(1, 'tracing through opentelemetry at 100%'),

  '003/vs-export-to-all.yaml': invalid(0, 'exportTo, gateways and hosts but no http, tcp or tls routes', NO_ROUTES(6)),
  '003/vs-export-to-dot.yaml': invalid(
    0,
    'no hosts makes it a delegate VirtualService, which may not list gateways; and it has no routes',
    E(10, 5, /delegate virtual service must have no gateways specified/),
    NO_ROUTES(6),
  ),
  '003/vs-hosts.yaml': invalid(0, 'hosts without routes', NO_ROUTES(8)),
  '003/vs-gateways-namespace-name.yaml': invalid(0, '`namespace/name` gateway reference is fine; no routes', NO_ROUTES(6)),
  '003/vs-gateways-name.yaml': invalid(0, 'gateway by name is fine; no routes', NO_ROUTES(6)),
  '003/vs-egress-http.yaml': valid(1, 'egress through an egress gateway: mesh → egressgateway, gateway → external.com'),
  '003/vs-egress-tls.yaml': valid(1, 'TLS passthrough to the egress gateway with sniHosts external.com, then HTTP to external.com'),
  '003/vs-egress-tcp.yaml': invalid(
    0,
    'the host and the last destination are placeholders, not valid domain names',
    E(11, 7, DB_HOST),
    E(32, 19, DB_HOST),
  ),
  '003/vs-gateways-mesh.yaml': invalid(0, 'gateways mesh with a short host is fine; no routes', NO_ROUTES(6)),
  '003/vs-fault-abort.yaml': invalid(0, '`fault:` holds a list (`- abort:`) where HTTPFaultInjection is an object', E(8, 9, 'spec.http[0].fault: expected an object, got a list')),
  '003/vs-fault-delay.yaml': invalid(0, '`fault:` holds a list (`- delay:`) where HTTPFaultInjection is an object', E(8, 9, 'spec.http[0].fault: expected an object, got a list')),
  '003/vs-timeout.yaml': valid(1, 'no hosts: a delegate VirtualService; timeout 40s and a 70/30 split are fine'),
  '003/vs-match-header-exact.yaml': invalid(0, 'a match without route, redirect or directResponse', ROUTE_REQUIRED),
  '003/vs-match-user-agent.yaml': valid(1, 'regex header matches compile under RE2'),
  '003/vs-match-gateways.yaml': valid(1, 'per-match gateways with ports 443'),
  '003/vs-match-uri-header.yaml': invalid(0, 'matches a header named "uri"; no route', ROUTE_REQUIRED),
  '003/vs-retries-5xx.yaml': invalid(0, 'the example has no metadata at all', NO_METADATA),
  '003/vs-retries-gateway-error.yaml': invalid(0, 'the example has no metadata at all', NO_METADATA),
  '003/vs-retries-attempts.yaml': invalid(0, 'retries without a route', ROUTE_REQUIRED),
  '003/vs-retries-retry-on.yaml': invalid(
    0,
    'retryOn with attempts unset (0 = retries disabled), and no route',
    ROUTE_REQUIRED,
    E(8, 9, /http retry policy configured when attempts are set to 0/),
  ),
  '003/vs-route-destination-host.yaml': invalid(0, 'the example has no metadata at all', NO_METADATA),
  '003/vs-route-destination-port.yaml': valid(1, 'one route with host and port'),
  '003/vs-route-destination-subset.yaml': valid(1, '70/30 between subsets v1 and v2'),
  '003/vs-route-weight.yaml': valid(1, 'the same 70/30 split'),
  '003/vs-tcp-match.yaml': invalid(
    0,
    'no hosts (a delegate) with a tcp route, and the tcp route has no destination',
    E(7, 5, /delegate virtual service must have no tcp route specified/),
    E(7, 7, /TCP route is required/),
  ),
  '003/vs-tcp-destination-host.yaml': valid(1, 'tcp route to a FQDN'),
  '003/vs-tcp-destination-port.yaml': valid(1, 'tcp route to a FQDN and port'),
  '003/vs-tcp-destination-subset.yaml': invalid(0, 'no hosts (a delegate) with tcp routes', E(7, 5, /delegate virtual service must have no tcp route specified/)),
};
