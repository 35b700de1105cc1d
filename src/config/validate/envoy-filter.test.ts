/** Table tests of EnvoyFilter rules (envoy-filter.ts). */
import { runCases, type Case } from './case-table.ts';

const HCM = 'envoy.filters.network.http_connection_manager';
const lua = { name: 'envoy.filters.http.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua', inlineCode: 'function envoy_on_request(h) end' } };
const httpFilterMatch = (subFilter?: string): object => ({ context: 'SIDECAR_INBOUND', listener: { filterChain: { filter: { name: HCM, ...(subFilter ? { subFilter: { name: subFilter } } : {}) } } } });
const one = (cp: object): object => ({ configPatches: [cp] });
const P = 'spec.configPatches[0]';

const valid: Case[] = [
  { name: 'HTTP_FILTER INSERT_BEFORE the router', spec: one({ applyTo: 'HTTP_FILTER', match: httpFilterMatch('envoy.filters.http.router'), patch: { operation: 'INSERT_BEFORE', value: lua } }) },
  { name: 'HTTP_FILTER INSERT_FIRST', spec: one({ applyTo: 'HTTP_FILTER', match: httpFilterMatch(), patch: { operation: 'INSERT_FIRST', value: lua } }) },
  { name: 'HTTP_FILTER ADD', spec: one({ applyTo: 'HTTP_FILTER', match: httpFilterMatch(), patch: { operation: 'ADD', value: lua, filterClass: 'AUTHZ' } }) },
  { name: 'HTTP_FILTER REMOVE a named filter', spec: one({ applyTo: 'HTTP_FILTER', match: httpFilterMatch('envoy.filters.http.cors'), patch: { operation: 'REMOVE' } }) },
  { name: 'HTTP_FILTER MERGE', spec: one({ applyTo: 'HTTP_FILTER', match: httpFilterMatch('envoy.filters.http.router'), patch: { operation: 'MERGE', value: { typed_config: {} } } }) },
  { name: 'NETWORK_FILTER MERGE of the HCM (seed 003)', spec: one({ applyTo: 'NETWORK_FILTER', match: { listener: { filterChain: { filter: { name: HCM } } } }, patch: { operation: 'MERGE', value: { name: HCM, typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager' } } } }) },
  { name: 'NETWORK_FILTER REPLACE a named filter', spec: one({ applyTo: 'NETWORK_FILTER', match: { listener: { filterChain: { filter: { name: 'envoy.filters.network.tcp_proxy' } } } }, patch: { operation: 'REPLACE', value: { name: 'x' } } }) },
  { name: 'LISTENER MERGE keepalive (seed 003)', spec: one({ applyTo: 'LISTENER', match: { context: 'GATEWAY', listener: { name: '0.0.0.0_8443', portNumber: 8443 } }, patch: { operation: 'MERGE', value: { socket_options: [{ level: 1, name: 9, int_value: 1, state: 'STATE_PREBIND' }] } } }) },
  { name: 'LISTENER ADD', spec: one({ applyTo: 'LISTENER', match: { context: 'SIDECAR_OUTBOUND' }, patch: { operation: 'ADD', value: { name: 'new', address: { socket_address: { address: '0.0.0.0', port_value: 9999 } } } } }) },
  { name: 'LISTENER_FILTER INSERT_AFTER tls_inspector', spec: one({ applyTo: 'LISTENER_FILTER', match: { listener: { listenerFilter: 'envoy.filters.listener.tls_inspector' } }, patch: { operation: 'INSERT_AFTER', value: { name: 'x' } } }) },
  { name: 'FILTER_CHAIN ADD', spec: one({ applyTo: 'FILTER_CHAIN', match: { listener: { portNumber: 80 } }, patch: { operation: 'ADD', value: { filters: [] } } }) },
  { name: 'CLUSTER MERGE', spec: one({ applyTo: 'CLUSTER', match: { context: 'SIDECAR_OUTBOUND', cluster: { service: 'reviews.default.svc.cluster.local', portNumber: 9080, subset: 'v1' } }, patch: { operation: 'MERGE', value: { connect_timeout: '1s' } } }) },
  { name: 'CLUSTER ADD without match', spec: one({ applyTo: 'CLUSTER', patch: { operation: 'ADD', value: { name: 'extra', type: 'STRICT_DNS' } } }) },
  { name: 'CLUSTER REMOVE', spec: one({ applyTo: 'CLUSTER', match: { cluster: { name: 'outbound|80||a' } }, patch: { operation: 'REMOVE' } }) },
  { name: 'ROUTE_CONFIGURATION MERGE', spec: one({ applyTo: 'ROUTE_CONFIGURATION', match: { routeConfiguration: { portNumber: 80, gateway: 'istio-system/gw' } }, patch: { operation: 'MERGE_AND_REPLACE_LIST', value: { request_headers_to_remove: ['x-a'] } } }) },
  { name: 'VIRTUAL_HOST REPLACE', spec: one({ applyTo: 'VIRTUAL_HOST', match: { routeConfiguration: { vhost: { name: 'a:80' } } }, patch: { operation: 'REPLACE', value: { name: 'a:80', domains: ['*'] } } }) },
  { name: 'HTTP_ROUTE INSERT_BEFORE a named route', spec: one({ applyTo: 'HTTP_ROUTE', match: { routeConfiguration: { vhost: { name: 'a:80', route: { name: 'default', action: 'ROUTE' } } } }, patch: { operation: 'INSERT_BEFORE', value: { name: 'r' } } }) },
  { name: 'EXTENSION_CONFIG ADD', spec: one({ applyTo: 'EXTENSION_CONFIG', patch: { operation: 'ADD', value: { name: 'ext', typed_config: {} } } }) },
  { name: 'BOOTSTRAP MERGE', spec: one({ applyTo: 'BOOTSTRAP', patch: { operation: 'MERGE', value: { stats_flush_interval: '5s' } } }) },
  { name: 'proxy version regex', spec: one({ applyTo: 'CLUSTER', match: { proxy: { proxyVersion: '^1\\.2[0-9].*', metadata: { a: 'b' } } }, patch: { operation: 'ADD', value: {} } }) },
  { name: 'WAYPOINT context is not checked further', spec: one({ match: { context: 'WAYPOINT', waypoint: { portNumber: 80, filter: { name: 'x' } } } }) },
  { name: 'workload selector and priority', spec: { workloadSelector: { labels: { app: 'a' } }, priority: -1, configPatches: [] } },
  { name: 'priority only (seed 003)', spec: { priority: -1 } },
  { name: 'targetRefs', spec: { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' }], configPatches: [] } },
];

const invalid: Case[] = [
  { name: 'missing applyTo (seed 003 fragments)', spec: one({ patch: { operation: 'MERGE', value: {} } }), errors: [[P, 'Envoy filter: missing applyTo']] },
  { name: 'applyTo INVALID', spec: one({ applyTo: 'INVALID', patch: { operation: 'MERGE', value: {} } }), errors: [[P, 'Envoy filter: missing applyTo']] },
  { name: 'missing patch (seed 003 fragments)', spec: one({ applyTo: 'NETWORK_FILTER' }), errors: [[P, 'Envoy filter: missing patch']] },
  { name: 'missing operation', spec: one({ applyTo: 'CLUSTER', patch: { value: {} } }), errors: [[`${P}.patch`, 'Envoy filter: missing patch operation']] },
  { name: 'missing value', spec: one({ applyTo: 'CLUSTER', patch: { operation: 'MERGE' } }), errors: [[`${P}.patch`, 'Envoy filter: missing patch value for non-remove operation']] },
  { name: 'value is a string', spec: one({ applyTo: 'CLUSTER', patch: { operation: 'MERGE', value: 'x' } }), errors: [[`${P}.patch.value`, 'patch value must be an object']] },
  { name: 'unknown applyTo', spec: one({ applyTo: 'HTTP_FILTERS', patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.applyTo`, 'unknown value "HTTP_FILTERS"']] },
  { name: 'unknown operation', spec: one({ applyTo: 'CLUSTER', patch: { operation: 'INSERT', value: {} } }), errors: [[`${P}.patch.operation`, 'unknown value "INSERT"']] },
  { name: 'match is a list (seed 003 context examples)', spec: one({ match: [{ context: 'ANY' }] }), errors: [[`${P}.match`, 'expected an object, got a list']] },
  { name: 'unknown context', spec: one({ applyTo: 'CLUSTER', match: { context: 'SIDECAR' }, patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match.context`, 'unknown value "SIDECAR"']] },
  { name: 'two object matches', spec: one({ applyTo: 'CLUSTER', match: { cluster: {}, listener: {} }, patch: { operation: 'MERGE', value: {} } }), errors: [[`${P}.match`, 'only one of "listener", "routeConfiguration", "cluster", "waypoint" may be set']] },
  { name: 'INSERT_BEFORE on a CLUSTER', spec: one({ applyTo: 'CLUSTER', patch: { operation: 'INSERT_BEFORE', value: {} } }), errors: [[`${P}.patch.operation`, 'operation INSERT_BEFORE is not supported for applyTo CLUSTER (istiod ignores the patch); use one of ADD, REMOVE, MERGE, MERGE_AND_REPLACE_LIST']] },
  { name: 'INSERT_FIRST on a LISTENER', spec: one({ applyTo: 'LISTENER', patch: { operation: 'INSERT_FIRST', value: {} } }), errors: [[`${P}.patch.operation`, 'operation INSERT_FIRST is not supported for applyTo LISTENER']] },
  { name: 'INSERT_AFTER on a FILTER_CHAIN', spec: one({ applyTo: 'FILTER_CHAIN', patch: { operation: 'INSERT_AFTER', value: {} } }), errors: [[`${P}.patch.operation`, 'operation INSERT_AFTER is not supported for applyTo FILTER_CHAIN']] },
  { name: 'ADD on a ROUTE_CONFIGURATION', spec: one({ applyTo: 'ROUTE_CONFIGURATION', patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.patch.operation`, 'operation ADD is not supported for applyTo ROUTE_CONFIGURATION']] },
  { name: 'REPLACE on an HTTP_ROUTE', spec: one({ applyTo: 'HTTP_ROUTE', patch: { operation: 'REPLACE', value: {} } }), errors: [[`${P}.patch.operation`, 'operation REPLACE is not supported for applyTo HTTP_ROUTE']] },
  { name: 'MERGE on an EXTENSION_CONFIG', spec: one({ applyTo: 'EXTENSION_CONFIG', patch: { operation: 'MERGE', value: {} } }), errors: [[`${P}.patch.operation`, 'operation MERGE is not supported for applyTo EXTENSION_CONFIG (istiod ignores the patch); use one of ADD']] },
  { name: 'REMOVE on BOOTSTRAP', spec: one({ applyTo: 'BOOTSTRAP', patch: { operation: 'REMOVE' } }), errors: [[`${P}.patch.operation`, 'operation REMOVE is not supported for applyTo BOOTSTRAP']] },
  { name: 'MERGE_AND_REPLACE_LIST on an HTTP_FILTER', spec: one({ applyTo: 'HTTP_FILTER', match: httpFilterMatch('x'), patch: { operation: 'MERGE_AND_REPLACE_LIST', value: {} } }), errors: [[`${P}.patch.operation`, 'operation MERGE_AND_REPLACE_LIST is not supported for applyTo HTTP_FILTER']] },
  { name: 'INSERT_BEFORE without subFilter', spec: one({ applyTo: 'HTTP_FILTER', match: httpFilterMatch(), patch: { operation: 'INSERT_BEFORE', value: lua } }), warnings: [[`${P}.patch.operation`, 'INSERT_BEFORE without match.listener.filterChain.filter.subFilter.name inserts first, the same as INSERT_FIRST']] },
  { name: 'INSERT_AFTER without subFilter', spec: one({ applyTo: 'HTTP_FILTER', patch: { operation: 'INSERT_AFTER', value: lua } }), warnings: [[`${P}.patch.operation`, 'INSERT_AFTER without match.listener.filterChain.filter.subFilter.name appends at the end, the same as ADD']] },
  { name: 'INSERT_AFTER route without route match', spec: one({ applyTo: 'HTTP_ROUTE', match: { routeConfiguration: {} }, patch: { operation: 'INSERT_AFTER', value: {} } }), warnings: [[`${P}.patch.operation`, 'INSERT_AFTER without match.routeConfiguration.vhost.route.name appends at the end']] },
  { name: 'REMOVE an HTTP filter without naming it', spec: one({ applyTo: 'HTTP_FILTER', match: httpFilterMatch(), patch: { operation: 'REMOVE' } }), errors: [[`${P}.patch.operation`, 'Envoy filter: REMOVE of a HTTP_FILTER needs match.listener.filterChain.filter.subFilter.name to name the element']] },
  { name: 'REPLACE a network filter without naming it', spec: one({ applyTo: 'NETWORK_FILTER', patch: { operation: 'REPLACE', value: {} } }), errors: [[`${P}.patch.operation`, 'REPLACE of a NETWORK_FILTER needs match.listener.filterChain.filter.name']] },
  { name: 'MERGE a listener filter without naming it', spec: one({ applyTo: 'LISTENER_FILTER', patch: { operation: 'MERGE', value: {} } }), errors: [[`${P}.patch.operation`, 'MERGE of a LISTENER_FILTER needs match.listener.listenerFilter']] },
  { name: 'listener class with a cluster match', spec: one({ applyTo: 'HTTP_FILTER', match: { cluster: { name: 'c' } }, patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match`, 'Envoy filter: applyTo for listener class objects cannot have non listener match']] },
  { name: 'route class with a listener match', spec: one({ applyTo: 'VIRTUAL_HOST', match: { listener: { portNumber: 80 } }, patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match`, 'Envoy filter: applyTo for http route class objects cannot have non route configuration match']] },
  { name: 'cluster with a route match', spec: one({ applyTo: 'CLUSTER', match: { routeConfiguration: {} }, patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match`, 'Envoy filter: applyTo for cluster class objects cannot have non cluster match']] },
  { name: 'filter match without a name', spec: one({ applyTo: 'NETWORK_FILTER', match: { listener: { filterChain: { filter: {} } } }, patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match.listener.filterChain.filter`, 'Envoy filter: filter match has no name to match on']] },
  { name: 'filter match on a LISTENER', spec: one({ applyTo: 'LISTENER', match: { listener: { filterChain: { filter: { name: HCM } } } }, patch: { operation: 'MERGE', value: {} } }), warnings: [[`${P}.match.listener.filterChain.filter`, 'Envoy filter: filter match has no effect when used with LISTENER']] },
  { name: 'subFilter with NETWORK_FILTER', spec: one({ applyTo: 'NETWORK_FILTER', match: httpFilterMatch('x'), patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match.listener.filterChain.filter.subFilter`, 'Envoy filter: subfilter match can be used with applyTo HTTP_FILTER only']] },
  { name: 'subFilter under a non-HCM filter', spec: one({ applyTo: 'HTTP_FILTER', match: { listener: { filterChain: { filter: { name: 'envoy.filters.network.tcp_proxy', subFilter: { name: 'x' } } } } }, patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match.listener.filterChain.filter.subFilter`, 'Envoy filter: subfilter match requires filter match with envoy.filters.network.http_connection_manager']] },
  { name: 'subFilter without a name', spec: one({ applyTo: 'HTTP_FILTER', match: { listener: { filterChain: { filter: { name: HCM, subFilter: {} } } } }, patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match.listener.filterChain.filter.subFilter`, 'Envoy filter: subfilter match has no name to match on']] },
  { name: 'deprecated filter name', spec: one({ applyTo: 'HTTP_FILTER', match: { listener: { filterChain: { filter: { name: 'envoy.http_connection_manager', subFilter: { name: 'envoy.router' } } } } }, patch: { operation: 'INSERT_BEFORE', value: lua } }), warnings: [[`${P}.match.listener.filterChain.filter.name`, 'using deprecated filter name "envoy.http_connection_manager"'], [`${P}.match.listener.filterChain.filter.name`, 'using deprecated filter name "envoy.router"; use "envoy.filters.http.router" instead']] },
  { name: 'proxy version regex does not compile', spec: one({ applyTo: 'CLUSTER', match: { proxy: { proxyVersion: '1.(2' } }, patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match.proxy.proxyVersion`, 'Envoy filter: invalid regex for proxy version']] },
  { name: 'proxy version regex too long', spec: one({ applyTo: 'CLUSTER', match: { proxy: { proxyVersion: 'a'.repeat(1025) } }, patch: { operation: 'ADD', value: {} } }), warnings: [[`${P}.match.proxy.proxyVersion`, 'proxyVersion match exceeds 1024 characters and will be ignored']] },
  { name: 'waypoint match without WAYPOINT context', spec: one({ applyTo: 'CLUSTER', match: { waypoint: {} }, patch: { operation: 'ADD', value: {} } }), errors: [[`${P}.match`, 'only support waypointMatch when context is WAYPOINT'], [`${P}.match`, 'applyTo for cluster class objects cannot have non cluster match']] },
  { name: 'selector without labels', spec: { workloadSelector: {}, configPatches: [] }, warnings: [['spec.workloadSelector', 'Envoy filter: workload selector specified without labels, will be applied to all services in namespace']] },
  { name: 'selector with a wildcard', spec: { workloadSelector: { labels: { app: 'a*' } } }, errors: [['spec.workloadSelector.labels.app', 'wildcard is not supported in selector']] },
  { name: 'selector and targetRefs', spec: { workloadSelector: { labels: { app: 'a' } }, targetRefs: [{ kind: 'Gateway', name: 'gw' }] }, errors: [['spec.targetRefs', 'only one of targetRefs or workloadSelector can be set']] },
  { name: 'targetRef without kind', spec: { targetRefs: [{ name: 'gw' }] }, errors: [['spec.targetRefs[0].kind', 'missing required field "kind"']] },
  { name: 'workloadLabels was removed', spec: { workloadLabels: { app: 'a' } }, errors: [['spec.workloadLabels', 'unknown field "workloadLabels"']] },
  { name: 'served only at v1alpha3', apiVersion: 'networking.istio.io/v1', spec: {}, errors: [['', 'is not served at version "v1"']] },
  { name: 'several patches report their own index', spec: { configPatches: [{ applyTo: 'CLUSTER', patch: { operation: 'ADD', value: {} } }, { applyTo: 'CLUSTER' }] }, errors: [['spec.configPatches[1]', 'Envoy filter: missing patch']] },
];

const positions: Case[] = [
  {
    name: 'missing patch points at the patch item (seed 003)',
    yaml: `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: foo-envoy-filter
spec:
  configPatches:
    - applyTo: HTTP_FILTER
`,
    errors: [['spec.configPatches[0]', 'Envoy filter: missing patch', '- applyTo: HTTP_FILTER']],
  },
];

const o = { kind: 'EnvoyFilter', apiVersion: 'networking.istio.io/v1alpha3', ignoreWarnings: ['EnvoyFilter exposes internal implementation details'] };
runCases('EnvoyFilter valid', valid, o);
runCases('EnvoyFilter invalid', invalid, o);
runCases('EnvoyFilter positions', positions, o);
