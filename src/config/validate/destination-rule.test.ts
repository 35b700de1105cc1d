/**
 * Table tests of DestinationRule: schema (destination-rule.ts in api/) and Istio's admission rules
 * (destination-rule.ts, traffic-policy.ts, load-balancer.ts, locality-lb.ts), loaded through
 * loadText. Seed 003's DestinationRule examples are at the end with their verdicts.
 */
import { pathOf, runCases, type Case } from './case-table.ts';

const OPTS = { kind: 'DestinationRule', apiVersion: 'networking.istio.io/v1', ignoreWarnings: ['is deprecated; use networking.istio.io/v1'] };
const dr = (extra: object = {}): object => ({ host: 'reviews', ...extra });
const tp = (policy: object): object => dr({ trafficPolicy: policy });
const lb = (loadBalancer: object, more: object = {}): object => tp({ loadBalancer, ...more });
const ch = (consistentHash: object): object => lb({ consistentHash });
const cp = (connectionPool: object): object => tp({ connectionPool });
const od = (outlierDetection: object): object => tp({ outlierDetection });
const tls = (t: object): object => tp({ tls: t });
const loc = (localityLbSetting: object, withOutlier = true): object => lb({ localityLbSetting }, withOutlier ? { outlierDetection: { consecutive5xxErrors: 5 } } : {});
const pls = (...settings: object[]): object => tp({ portLevelSettings: settings });
const T = 'spec.trafficPolicy';
const LB = `${T}.loadBalancer`;
const CH = `${LB}.consistentHash`;
const CP = `${T}.connectionPool`;
const OD = `${T}.outlierDetection`;
const LOC = `${LB}.localityLbSetting`;
const TLS = `${T}.tls`;
const PL = `${T}.portLevelSettings`;

const valid: Case[] = [
  { name: 'host only', spec: dr() },
  { name: 'FQDN host', spec: { host: 'reviews.prod.svc.cluster.local' } },
  { name: 'wildcard host', spec: { host: '*.example.com' } },
  { name: 'wildcard-dash host', spec: { host: '*-api.example.com' } },
  { name: 'host * alone', spec: { host: '*' } },
  { name: 'host with trailing dot', spec: { host: 'istio.io.' } },
  { name: 'upper-case host', spec: { host: 'Reviews.Example.COM' } },
  { name: 'subsets with labels', spec: dr({ subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2', 'app.kubernetes.io/name': 'reviews' } }] }) },
  { name: 'subset without labels', spec: dr({ subsets: [{ name: 'egress-sni' }] }) },
  { name: 'subset with traffic policy', spec: dr({ subsets: [{ name: 'testversion', labels: { version: 'v3' }, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }] }) },
  ...['UNSPECIFIED', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'].map((simple) => ({ name: `simple ${simple}`, spec: lb({ simple }) })),
  { name: 'consistentHash httpHeaderName', spec: ch({ httpHeaderName: 'x-user' }) },
  { name: 'consistentHash useSourceIp', spec: ch({ useSourceIp: true }) },
  { name: 'consistentHash httpQueryParameterName', spec: ch({ httpQueryParameterName: 'user' }) },
  { name: 'consistentHash cookie with ttl and attributes', spec: ch({ httpCookie: { name: 'session', path: '/', ttl: '0s', attributes: [{ name: 'SameSite', value: 'Strict' }, { name: 'Secure' }] } }) },
  { name: 'consistentHash ringHash', spec: ch({ useSourceIp: true, ringHash: { minimumRingSize: 1024 } }) },
  { name: 'consistentHash maglev prime', spec: ch({ httpHeaderName: 'x', maglev: { tableSize: 65537 } }) },
  { name: 'consistentHash maglev small prime', spec: ch({ httpHeaderName: 'x', maglev: { tableSize: 3 } }) },
  { name: 'locality distribute', spec: loc({ distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] }) },
  { name: 'locality distribute to region', spec: loc({ distribute: [{ from: 'us-west/*', to: { 'us-west/*': 50, 'us-east/*': 50 } }] }) },
  { name: 'locality failover with outlier detection', spec: loc({ failover: [{ from: 'us-east', to: 'eu-west' }, { from: 'us-west', to: 'us-east' }] }) },
  { name: 'locality failoverPriority', spec: loc({ failoverPriority: ['topology.istio.io/network', 'topology.kubernetes.io/region'] }) },
  { name: 'locality enabled false', spec: loc({ enabled: false }, false) },
  { name: 'zone aware settings', spec: lb({ zoneAwareLbSetting: { enabled: true, minClusterSize: 3, failover: [{ from: 'us-east', to: 'us-west' }] } }, { outlierDetection: { interval: '10s' } }) },
  { name: 'warmup', spec: lb({ simple: 'ROUND_ROBIN', warmup: { duration: '60s', minimumPercent: 10, aggression: 1.5 } }) },
  {
    name: 'connectionPool tcp and http',
    spec: cp({
      tcp: { maxConnections: 100, connectTimeout: '30ms', tcpKeepalive: { probes: 9, time: '7200s', interval: '75s' }, maxConnectionDuration: '1h', idleTimeout: '0s' },
      http: { http1MaxPendingRequests: 1, http2MaxRequests: 1000, maxRequestsPerConnection: 1, maxRetries: 3, idleTimeout: '1h', h2UpgradePolicy: 'UPGRADE', maxConcurrentStreams: 100, http2KeepAlive: { interval: '30s', timeout: '5s' } },
    }),
  },
  { name: 'connectionPool zero limits', spec: cp({ tcp: { maxConnections: 0 }, http: { http1MaxPendingRequests: 0, maxRequestsPerConnection: 0 } }) },
  { name: 'h2UpgradePolicy DO_NOT_UPGRADE with useClientProtocol', spec: cp({ http: { h2UpgradePolicy: 'DO_NOT_UPGRADE', useClientProtocol: true } }) },
  {
    name: 'outlierDetection full',
    spec: od({ splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 5, consecutiveGatewayErrors: 3, consecutive5xxErrors: 7, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 100, minHealthPercent: 0, outlierDetectionHttpErrorCodes: [500, 503] }),
  },
  { name: 'outlierDetection percentages at bounds', spec: od({ maxEjectionPercent: 0, minHealthPercent: 100 }) },
  { name: 'tls DISABLE', spec: tls({ mode: 'DISABLE' }) },
  { name: 'tls SIMPLE with sni and SANs', spec: tls({ mode: 'SIMPLE', sni: 'api.example.com', subjectAltNames: ['api.example.com'], caCertificates: '/etc/certs/ca.pem' }) },
  { name: 'tls SIMPLE without CA (system roots)', spec: tls({ mode: 'SIMPLE' }) },
  { name: 'tls SIMPLE insecureSkipVerify', spec: tls({ mode: 'SIMPLE', insecureSkipVerify: true }) },
  { name: 'tls MUTUAL with files', spec: tls({ mode: 'MUTUAL', clientCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', caCrl: '/etc/certs/crl.pem' }) },
  { name: 'tls MUTUAL with credentialName', spec: tls({ mode: 'MUTUAL', credentialName: 'client-credential' }) },
  { name: 'tls MUTUAL with configmap credential in own namespace', spec: tls({ mode: 'SIMPLE', credentialName: 'configmap://default/ca-bundle' }) },
  { name: 'tls ISTIO_MUTUAL with sni and SANs', spec: tls({ mode: 'ISTIO_MUTUAL', sni: 'my-nginx.mesh-external.svc.cluster.local', subjectAltNames: ['spiffe://cluster.local/ns/a/sa/b'] }) },
  { name: 'portLevelSettings', spec: pls({ port: { number: 80 }, loadBalancer: { simple: 'LEAST_REQUEST' } }, { port: { number: 9080 }, connectionPool: { tcp: { maxConnections: 10 } }, tls: { mode: 'ISTIO_MUTUAL' } }) },
  { name: 'tunnel', spec: tp({ tunnel: { protocol: 'CONNECT', targetHost: 'egress.example.com', targetPort: 8443 } }) },
  { name: 'tunnel POST to IP', spec: tp({ tunnel: { protocol: 'POST', targetHost: '10.0.0.1', targetPort: 443 } }) },
  { name: 'proxyProtocol V2', spec: tp({ proxyProtocol: { version: 'V2' } }) },
  { name: 'retryBudget', spec: tp({ retryBudget: { percent: 20, minRetryConcurrency: 3, budgetInterval: '0s' } }) },
  { name: 'exportTo dot', spec: dr({ exportTo: ['.'] }) },
  { name: 'exportTo star', spec: dr({ exportTo: ['*'] }) },
  { name: 'exportTo namespaces', spec: dr({ exportTo: ['.', 'istio-system', 'bookinfo'] }) },
  { name: 'workloadSelector with exportTo dot', spec: dr({ workloadSelector: { matchLabels: { app: 'ratings' } }, exportTo: ['.'] }) },
  { name: 'workloadSelector with exportTo own namespace', spec: dr({ workloadSelector: { matchLabels: { app: 'ratings' } }, exportTo: ['default'] }) },
  { name: 'snake_case field names', spec: { host: 'reviews', traffic_policy: { connection_pool: { http: { http1_max_pending_requests: 3 } }, outlier_detection: { consecutive_5xx_errors: 2 } } } },
  { name: 'served at v1beta1', apiVersion: 'networking.istio.io/v1beta1', spec: dr() },
  { name: 'served at v1alpha3', apiVersion: 'networking.istio.io/v1alpha3', spec: dr() },
];

const schema: Case[] = [
  { name: 'missing host', spec: { subsets: [{ name: 'v1' }] }, errors: [['spec.host', 'missing required field "host"']] },
  { name: 'no spec', yaml: 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: x\n', errors: [['spec', 'spec is required']] },
  { name: 'typo loadbalancer', spec: tp({ loadbalancer: { simple: 'RANDOM' } }), errors: [[`${T}.loadbalancer`, 'did you mean "loadBalancer"?', 'loadbalancer:']] },
  { name: 'typo in subset', spec: dr({ subsets: [{ name: 'v1', label: { a: 'b' } }] }), errors: [['spec.subsets[0].label', 'did you mean "labels"?']] },
  { name: 'unknown simple LB', spec: lb({ simple: 'LEAST_CONNECTION' }), errors: [[`${LB}.simple`, 'unknown value "LEAST_CONNECTION"']] },
  { name: 'lower-case simple LB', spec: lb({ simple: 'round_robin' }), errors: [[`${LB}.simple`, 'did you mean "ROUND_ROBIN"?']] },
  { name: 'simple and consistentHash', spec: lb({ simple: 'RANDOM', consistentHash: { useSourceIp: true } }), errors: [[LB, 'only one of "simple", "consistentHash" may be set']] },
  { name: 'two hash keys', spec: ch({ httpHeaderName: 'x', useSourceIp: true }), errors: [[CH, 'only one of "httpHeaderName", "httpCookie", "useSourceIp", "httpQueryParameterName" may be set']] },
  { name: 'three hash keys', spec: ch({ httpHeaderName: 'x', httpCookie: { name: 'c' }, httpQueryParameterName: 'q' }), errors: [[CH, 'found "httpHeaderName" and "httpCookie" and "httpQueryParameterName"']] },
  { name: 'ringHash and maglev', spec: ch({ useSourceIp: true, ringHash: {}, maglev: { tableSize: 7 } }), errors: [[CH, 'only one of "ringHash", "maglev" may be set']] },
  { name: 'warmup and warmupDurationSecs', spec: lb({ warmupDurationSecs: '10s', warmup: { duration: '10s' } }), errors: [[LB, 'only one of "warmupDurationSecs", "warmup"']], warnings: [[`${LB}.warmupDurationSecs`, 'deprecated']] },
  { name: 'cookie without name', spec: ch({ httpCookie: { ttl: '10s' } }), errors: [[`${CH}.httpCookie.name`, 'missing required field "name"']] },
  { name: 'warmup without duration', spec: lb({ warmup: { aggression: 1 } }), errors: [[`${LB}.warmup.duration`, 'missing required field "duration"']] },
  { name: 'warmup minimumPercent over 100', spec: lb({ warmup: { duration: '1s', minimumPercent: 101 } }), errors: [[`${LB}.warmup.minimumPercent`, 'out of range [0, 100]']] },
  { name: 'tunnel without target', spec: tp({ tunnel: { protocol: 'CONNECT' } }), errors: [[`${T}.tunnel.targetHost`, 'missing required field'], [`${T}.tunnel.targetPort`, 'missing required field']] },
  { name: 'subset without name', spec: dr({ subsets: [{ labels: { v: '1' } }] }), errors: [['spec.subsets[0].name', 'missing required field "name"']] },
  { name: 'unknown tls mode', spec: tls({ mode: 'STRICT' }), errors: [[`${TLS}.mode`, 'expected one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL']] },
  { name: 'unknown h2UpgradePolicy', spec: cp({ http: { h2UpgradePolicy: 'ALWAYS' } }), errors: [[`${CP}.http.h2UpgradePolicy`, 'expected one of DEFAULT, DO_NOT_UPGRADE, UPGRADE']] },
  { name: 'unknown proxyProtocol version', spec: tp({ proxyProtocol: { version: 'V3' } }), errors: [[`${T}.proxyProtocol.version`, 'unknown value "V3"']] },
  { name: 'maxConnections as string', spec: cp({ tcp: { maxConnections: '100' } }), errors: [[`${CP}.tcp.maxConnections`, 'expected an integer, got string "100"']] },
  { name: 'maxConnections fractional', spec: cp({ tcp: { maxConnections: 1.5 } }), errors: [[`${CP}.tcp.maxConnections`, 'expected an integer']] },
  { name: 'duration without unit', spec: cp({ tcp: { connectTimeout: '10' } }), errors: [[`${CP}.tcp.connectTimeout`, 'invalid duration "10"']] },
  { name: 'duration as number', spec: od({ interval: 10 }), errors: [[`${OD}.interval`, 'expected a duration']] },
  { name: 'http error code out of range', spec: od({ outlierDetectionHttpErrorCodes: [503, 600] }), errors: [[`${OD}.outlierDetectionHttpErrorCodes[1]`, 'out of range [100, 599]']] },
  { name: 'negative consecutive5xxErrors', spec: od({ consecutive5xxErrors: -1 }), errors: [[`${OD}.consecutive5xxErrors`, 'out of range [0, 4294967295]']] },
  { name: 'retryBudget percent over 100', spec: tp({ retryBudget: { percent: 150 } }), errors: [[`${T}.retryBudget.percent`, 'out of range [0, 100]']] },
  { name: 'locality enabled as string', spec: loc({ enabled: 'true' }), errors: [[`${LOC}.enabled`, 'expected true or false, got string "true"']] },
  { name: 'subsets not a list', spec: dr({ subsets: { name: 'v1' } }), errors: [['spec.subsets', 'expected a list']] },
  { name: 'exportTo not a list', spec: dr({ exportTo: '*' }), errors: [['spec.exportTo', 'expected a list']] },
  { name: 'insecureSkipVerify as string', spec: tls({ mode: 'SIMPLE', insecureSkipVerify: 'yes' }), errors: [[`${TLS}.insecureSkipVerify`, 'expected true or false']] },
];

const semantic: Case[] = [
  { name: 'empty host', spec: { host: '' }, errors: [['spec.host', 'empty domain name not allowed']] },
  { name: 'host with empty label', spec: { host: 'foo..bar' }, errors: [['spec.host', 'domain name ".bar" invalid (label "" invalid)', 'host:']] },
  { name: 'host is an IP', spec: { host: '10.0.0.1' }, errors: [['spec.host', 'host 10.0.0.1 is an IP address; a DestinationRule host is a service name']] },
  { name: 'host with all-numeric top-level domain', spec: { host: 'reviews.123' }, errors: [['spec.host', 'top level domain "123" cannot be all-numeric']] },
  { name: 'host with inner wildcard', spec: { host: 'foo.*.com' }, errors: [['spec.host', 'label "*" invalid']] },
  { name: 'host with partial wildcard', spec: { host: 'foo*.bar.com' }, errors: [['spec.host', 'label "foo*" invalid']] },
  { name: 'host with underscore', spec: { host: 'my_svc.default' }, errors: [['spec.host', 'label "my_svc" invalid']] },
  { name: 'host too long', spec: { host: `${'a.'.repeat(128)}com` }, errors: [['spec.host', 'too long (max 255)']] },
  { name: 'host label too long', spec: { host: `${'a'.repeat(64)}.com` }, errors: [['spec.host', 'invalid (label']] },
  { name: 'duplicate subset names', spec: dr({ subsets: [{ name: 'v1' }, { name: 'v1' }] }), errors: [['spec.subsets[1].name', 'duplicate subset names: v1']] },
  { name: 'empty subset name', spec: dr({ subsets: [{ name: '' }] }), errors: [['spec.subsets[0].name', 'subset name cannot be empty']] },
  { name: 'subset name with dot', spec: dr({ subsets: [{ name: 'v1.0' }] }), errors: [['spec.subsets[0].name', 'subset name is invalid: v1.0']] },
  { name: 'subset name with underscore', spec: dr({ subsets: [{ name: 'v_1' }] }), errors: [['spec.subsets[0].name', 'subset name is invalid: v_1', 'v_1']] },
  { name: 'subset label key invalid', spec: dr({ subsets: [{ name: 'v1', labels: { 'bad key': 'x' } }] }), errors: [['spec.subsets[0].labels.bad key', 'invalid label key "bad key"']] },
  { name: 'subset label value invalid', spec: dr({ subsets: [{ name: 'v1', labels: { version: 'v1/beta' } }] }), errors: [['spec.subsets[0].labels.version', 'invalid label value "v1/beta"']] },
  { name: 'empty trafficPolicy', spec: tp({}), errors: [[T, 'traffic policy must have at least one field']] },
  { name: 'trafficPolicy with only empty portLevelSettings', spec: tp({ portLevelSettings: [] }), errors: [[T, 'traffic policy must have at least one field']] },
  { name: 'empty subset trafficPolicy', spec: dr({ subsets: [{ name: 'v1', trafficPolicy: {} }] }), errors: [['spec.subsets[0].trafficPolicy', 'traffic policy must have at least one field']] },
  { name: 'subset policy errors are reported', spec: dr({ subsets: [{ name: 'v1', trafficPolicy: { outlierDetection: { maxEjectionPercent: 120 } } }] }), errors: [['spec.subsets[0].trafficPolicy.outlierDetection.maxEjectionPercent', 'percentage 120 is not in range 0..100']] },
  { name: 'tunnel with proxyProtocol', spec: tp({ tunnel: { targetHost: 'a.com', targetPort: 1 }, proxyProtocol: {} }), errors: [[`${T}.proxyProtocol`, 'tunnel and proxyProtocol must not be set together']] },
  { name: 'tunnel protocol GET', spec: tp({ tunnel: { protocol: 'GET', targetHost: 'a.com', targetPort: 443 } }), errors: [[`${T}.tunnel.protocol`, 'tunnel protocol must be "CONNECT" or "POST"']] },
  { name: 'tunnel target host invalid', spec: tp({ tunnel: { targetHost: 'bad_host', targetPort: 443 } }), errors: [[`${T}.tunnel.targetHost`, 'tunnel target host must be valid FQDN or IP address']] },
  { name: 'tunnel target port 0', spec: tp({ tunnel: { targetHost: 'a.com', targetPort: 0 } }), errors: [[`${T}.tunnel.targetPort`, 'tunnel target port is invalid: port number 0 must be in the range 1..65535']] },
  { name: 'tunnel target port too big', spec: tp({ tunnel: { targetHost: 'a.com', targetPort: 70000 } }), errors: [[`${T}.tunnel.targetPort`, 'port number 70000']] },
  { name: 'negative retry budget interval', spec: tp({ retryBudget: { budgetInterval: '-1s' } }), errors: [[`${T}.retryBudget.budgetInterval`, 'must not be negative']] },
];

const connectionPool: Case[] = [
  { name: 'empty connectionPool', spec: cp({}), errors: [[CP, 'connection pool must have at least one field']] },
  ...(
    [
      ['tcp', 'maxConnections', 'max connections must be non-negative'],
      ['http', 'http1MaxPendingRequests', 'http1 max pending requests must be non-negative'],
      ['http', 'http2MaxRequests', 'http2 max requests must be non-negative'],
      ['http', 'maxRequestsPerConnection', 'max requests per connection must be non-negative'],
      ['http', 'maxRetries', 'max retries must be non-negative'],
      ['http', 'maxConcurrentStreams', 'max concurrent streams must be non-negative'],
    ] as const
  ).map(([group, field, msg]): Case => ({ name: `negative ${field}`, spec: cp({ [group]: { [field]: -1 } }), errors: [[`${CP}.${group}.${field}`, msg, `${field}: -1`]] })),
  ...(
    [
      ['tcp', 'connectTimeout'],
      ['tcp', 'maxConnectionDuration'],
      ['http', 'idleTimeout'],
    ] as const
  ).flatMap(([group, field]): Case[] => [
    { name: `${field} 0s`, spec: cp({ [group]: { [field]: '0s' } }), errors: [[`${CP}.${group}.${field}`, 'duration must be greater than 1ms']] },
    { name: `${field} 500us`, spec: cp({ [group]: { [field]: '500us' } }), errors: [[`${CP}.${group}.${field}`, 'duration must be greater than 1ms']] },
    { name: `${field} 1.0005s`, spec: cp({ [group]: { [field]: '1.0005s' } }), errors: [[`${CP}.${group}.${field}`, 'only durations to ms precision are supported']] },
    { name: `${field} 1ms`, spec: cp({ [group]: { [field]: '1ms' } }) },
  ]),
  { name: 'tcp idleTimeout 0s disables', spec: cp({ tcp: { idleTimeout: '0s' } }) },
  { name: 'tcp idleTimeout 0.1ms', spec: cp({ tcp: { idleTimeout: '100us' } }), errors: [[`${CP}.tcp.idleTimeout`, 'duration must be greater than 1ms']] },
  { name: 'tcpKeepalive time 0s', spec: cp({ tcp: { tcpKeepalive: { time: '0s' } } }), errors: [[`${CP}.tcp.tcpKeepalive.time`, 'duration must be greater than 1ms']] },
  { name: 'tcpKeepalive interval 0s', spec: cp({ tcp: { tcpKeepalive: { interval: '0s' } } }), errors: [[`${CP}.tcp.tcpKeepalive.interval`, 'duration must be greater than 1ms']] },
  { name: 'UPGRADE with useClientProtocol', spec: cp({ http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } }), errors: [[`${CP}.http.useClientProtocol`, 'use client protocol must not be true when H2UpgradePolicy is UPGRADE']] },
  { name: 'http2KeepAlive without interval', spec: cp({ http: { http2KeepAlive: { timeout: '5s' } } }), errors: [[`${CP}.http.http2KeepAlive.interval`, 'http2 keepalive interval is required']] },
  { name: 'http2KeepAlive empty', spec: cp({ http: { http2KeepAlive: {} } }), errors: [[`${CP}.http.http2KeepAlive.interval`, 'interval is required'], [`${CP}.http.http2KeepAlive.timeout`, 'timeout is required']] },
  { name: 'http2KeepAlive timeout 0s', spec: cp({ http: { http2KeepAlive: { interval: '1s', timeout: '0s' } } }), errors: [[`${CP}.http.http2KeepAlive.timeout`, 'duration must be greater than 1ms']] },
];

const outlier: Case[] = [
  { name: 'maxEjectionPercent 101', spec: od({ maxEjectionPercent: 101 }), errors: [[`${OD}.maxEjectionPercent`, 'percentage 101 is not in range 0..100', 'maxEjectionPercent: 101']] },
  { name: 'maxEjectionPercent -1', spec: od({ maxEjectionPercent: -1 }), errors: [[`${OD}.maxEjectionPercent`, 'percentage -1 is not in range 0..100']] },
  { name: 'minHealthPercent 150', spec: od({ minHealthPercent: 150 }), errors: [[`${OD}.minHealthPercent`, 'percentage 150 is not in range 0..100']] },
  { name: 'interval 0s', spec: od({ interval: '0s' }), errors: [[`${OD}.interval`, 'duration must be greater than 1ms']] },
  { name: 'baseEjectionTime 100us', spec: od({ baseEjectionTime: '100us' }), errors: [[`${OD}.baseEjectionTime`, 'duration must be greater than 1ms']] },
  { name: 'baseEjectionTime sub-ms precision', spec: od({ baseEjectionTime: '30.0001s' }), errors: [[`${OD}.baseEjectionTime`, 'only durations to ms precision']] },
  {
    name: 'local origin failures without split',
    spec: od({ consecutiveLocalOriginFailures: 3 }),
    errors: [[`${OD}.consecutiveLocalOriginFailures`, 'consecutive local origin failures is specified, but split external local origin errors is set to false']],
  },
  { name: 'local origin failures 0 without split', spec: od({ consecutiveLocalOriginFailures: 0 }) },
  { name: 'consecutiveErrors is deprecated', spec: od({ consecutiveErrors: 5 }), warnings: [[`${OD}.consecutiveErrors`, 'use consecutive5xxErrors']] },
];

const loadBalancer: Case[] = [
  { name: 'LEAST_CONN is deprecated', spec: lb({ simple: 'LEAST_CONN' }), warnings: [[`${LB}.simple`, 'LEAST_CONN is deprecated; use LEAST_REQUEST', 'LEAST_CONN']] },
  { name: 'consistentHash without key', spec: ch({ ringHash: { minimumRingSize: 64 } }), warnings: [[CH, 'consistentHash has no hash key']] },
  { name: 'empty consistentHash', spec: ch({}), warnings: [[CH, 'set one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName']] },
  { name: 'empty httpHeaderName', spec: ch({ httpHeaderName: '' }), errors: [[`${CH}.httpHeaderName`, 'httpHeaderName must not be empty']] },
  { name: 'empty httpQueryParameterName', spec: ch({ httpQueryParameterName: '' }), errors: [[`${CH}.httpQueryParameterName`, 'httpQueryParameterName must not be empty']] },
  { name: 'empty cookie name', spec: ch({ httpCookie: { name: '' } }), errors: [[`${CH}.httpCookie.name`, 'name required for HttpCookie']] },
  { name: 'negative cookie ttl', spec: ch({ httpCookie: { name: 'c', ttl: '-5s' } }), errors: [[`${CH}.httpCookie.ttl`, 'must not be negative']] },
  { name: 'empty cookie attribute name', spec: ch({ httpCookie: { name: 'c', attributes: [{ name: '' }] } }), errors: [[`${CH}.httpCookie.attributes[0].name`, 'cookie attribute name cannot be empty']] },
  { name: 'duplicate cookie attribute', spec: ch({ httpCookie: { name: 'c', attributes: [{ name: 'Secure' }, { name: 'Secure' }] } }), errors: [[`${CH}.httpCookie.attributes[1].name`, 'duplicate cookie attribute name: Secure']] },
  { name: 'minimumRingSize is deprecated', spec: ch({ useSourceIp: true, minimumRingSize: 1024 }), warnings: [[`${CH}.minimumRingSize`, 'ringHash.minimumRingSize']] },
  {
    name: 'minimumRingSize with ringHash',
    spec: ch({ useSourceIp: true, minimumRingSize: 1024, ringHash: { minimumRingSize: 1024 } }),
    errors: [[`${CH}.minimumRingSize`, 'only one of MinimumRingSize or Maglev/Ringhash can be specified']],
    warnings: [[`${CH}.minimumRingSize`, 'deprecated']],
  },
  { name: 'maglev without tableSize', spec: ch({ useSourceIp: true, maglev: {} }), errors: [[`${CH}.maglev.tableSize`, 'tableSize must be set for maglev']] },
  { name: 'maglev tableSize not prime', spec: ch({ useSourceIp: true, maglev: { tableSize: 1000 } }), errors: [[`${CH}.maglev.tableSize`, 'tableSize must be a prime number for maglev']] },
  { name: 'maglev tableSize too big', spec: ch({ useSourceIp: true, maglev: { tableSize: 5000011 } }), errors: [[`${CH}.maglev.tableSize`, 'tableSize must be less than 5000011']] },
  { name: 'maglev tableSize 9 (odd, not prime)', spec: ch({ useSourceIp: true, maglev: { tableSize: 9 } }), errors: [[`${CH}.maglev.tableSize`, 'prime']] },
  {
    name: 'locality and zone aware',
    spec: lb({ localityLbSetting: { enabled: true }, zoneAwareLbSetting: { enabled: true } }),
    errors: [[`${LB}.zoneAwareLbSetting`, 'only one of localityLbSetting and zoneAwareLbSetting can be set']],
  },
  { name: 'warmup aggression 0', spec: lb({ warmup: { duration: '10s', aggression: 0 } }), errors: [[`${LB}.warmup.aggression`, 'aggression should be greater than 0']] },
  { name: 'warmup duration 0s', spec: lb({ warmup: { duration: '0s' } }), errors: [[`${LB}.warmup.duration`, 'duration must be greater than 1ms']] },
  { name: 'warmupDurationSecs deprecated', spec: lb({ warmupDurationSecs: '30s' }), warnings: [[`${LB}.warmupDurationSecs`, 'use loadBalancer.warmup.duration instead']] },
  { name: 'warmupDurationSecs 0s', spec: lb({ warmupDurationSecs: '0s' }), errors: [[`${LB}.warmupDurationSecs`, 'must be a valid duration greater than 1ms']], warnings: [[`${LB}.warmupDurationSecs`, 'deprecated']] },
];

const locality: Case[] = [
  {
    name: 'distribute and failover',
    spec: loc({ distribute: [{ from: 'a/*', to: { 'a/*': 100 } }], failover: [{ from: 'a', to: 'b' }] }),
    errors: [[`${LOC}.failover`, "can not simultaneously specify 'distribute' and 'failover'"]],
  },
  { name: 'weights sum to 90', spec: loc({ distribute: [{ from: 'a/*', to: { 'a/*': 60, 'b/*': 30 } }] }), errors: [[`${LOC}.distribute[0].to`, 'total locality weight 90 != 100']] },
  { name: 'weight 0', spec: loc({ distribute: [{ from: 'a/*', to: { 'a/*': 0, 'b/*': 100 } }] }), errors: [[`${LOC}.distribute[0].to.a/*`, 'locality weight must be in range [1, 100]']] },
  { name: 'weight 101', spec: loc({ distribute: [{ from: 'a/*', to: { 'a/*': 101 } }] }), errors: [[`${LOC}.distribute[0].to.a/*`, 'locality weight must be in range [1, 100]']] },
  { name: 'wildcard in the middle', spec: loc({ distribute: [{ from: 'a/*/z', to: { 'a/*': 100 } }] }), errors: [[`${LOC}.distribute[0].from`, "wildcard '*' number can not exceed 1 and must be in the end"]] },
  { name: 'two wildcards', spec: loc({ distribute: [{ from: 'a/*', to: { '*/*': 100 } }] }), errors: [[`${LOC}.distribute[0].to.*/*`, "wildcard '*' number can not exceed 1"]] },
  { name: 'empty zone', spec: loc({ distribute: [{ from: 'a//c', to: { 'a/*': 100 } }] }), errors: [[`${LOC}.distribute[0].from`, 'must not contain empty region/zone/subzone info']] },
  { name: 'overlapping destinations', spec: loc({ distribute: [{ from: 'a/*', to: { 'a/*': 50, 'a/z1/*': 50 } }] }), errors: [[`${LOC}.distribute[0].to.a/z1/*`, 'overlap with previous specified ones']] },
  { name: 'star then anything overlaps', spec: loc({ distribute: [{ from: '*', to: { 'a/*': 100 } }, { from: 'b', to: { 'b/*': 100 } }] }), errors: [[`${LOC}.distribute[1].from`, 'locality b overlap with previous specified ones']] },
  { name: 'same source twice', spec: loc({ distribute: [{ from: 'a/z/*', to: { 'a/*': 100 } }, { from: 'a/z/*', to: { 'b/*': 100 } }] }), errors: [[`${LOC}.distribute[1].from`, 'overlap']] },
  { name: 'distinct subzones do not overlap', spec: loc({ distribute: [{ from: 'a/z/s1', to: { 'a/*': 100 } }, { from: 'a/z/s2', to: { 'b/*': 100 } }] }) },
  { name: 'failover to same region', spec: loc({ failover: [{ from: 'us-east', to: 'us-east' }] }), errors: [[`${LOC}.failover[0].to`, 'locality lb failover settings must specify different regions']] },
  { name: 'failover with zone', spec: loc({ failover: [{ from: 'us-east/z1', to: 'us-west' }] }), errors: [[`${LOC}.failover[0].from`, 'locality lb failover only specify region']] },
  { name: 'failover with wildcard', spec: loc({ failover: [{ from: 'us-east', to: '*' }] }), errors: [[`${LOC}.failover[0].to`, "failover region should not contain '*' wildcard"]] },
  { name: 'failover without outlier detection', spec: loc({ failover: [{ from: 'a', to: 'b' }] }, false), warnings: [[LOC, 'outlier detection policy must be provided for failover']] },
  { name: 'failoverPriority without outlier detection', spec: loc({ failoverPriority: ['topology.istio.io/network'] }, false), warnings: [[LOC, 'outlier detection policy must be provided for failover']] },
  {
    name: 'failover with topology failoverPriority',
    spec: loc({ failover: [{ from: 'a', to: 'b' }], failoverPriority: ['topology.kubernetes.io/zone'] }),
    errors: [[`${LOC}.failoverPriority[0]`, "can not simultaneously set 'failover' and topology label 'topology.kubernetes.io/zone'"]],
  },
  {
    name: 'zone aware with topology failoverPriority',
    spec: lb({ zoneAwareLbSetting: { failoverPriority: ['topology.kubernetes.io/region'] } }, { outlierDetection: { interval: '1s' } }),
    errors: [[`${LB}.zoneAwareLbSetting.failoverPriority[0]`, "'failover_priority' for zone aware lb must not use topology label"]],
  },
  { name: 'zone aware failover same region', spec: lb({ zoneAwareLbSetting: { failover: [{ from: 'a', to: 'a' }] } }, { outlierDetection: { interval: '1s' } }), errors: [[`${LB}.zoneAwareLbSetting.failover[0].to`, 'zone aware lb failover settings must specify different regions']] },
  { name: 'zone aware failover with zone', spec: lb({ zoneAwareLbSetting: { failover: [{ from: 'a', to: 'b/z' }] } }, { outlierDetection: { interval: '1s' } }), errors: [[`${LB}.zoneAwareLbSetting.failover[0].to`, 'zone and subzone failover are handled automatically']] },
  { name: 'zone aware failover without outlier', spec: lb({ zoneAwareLbSetting: { failover: [{ from: 'a', to: 'b' }] } }), warnings: [[`${LB}.zoneAwareLbSetting`, 'outlier detection policy must be provided for failover']] },
  { name: 'zone aware minClusterSize 0', spec: lb({ zoneAwareLbSetting: { minClusterSize: 0 } }), errors: [[`${LB}.zoneAwareLbSetting.minClusterSize`, 'out of range [1,']] },
];

const clientTls: Case[] = [
  { name: 'MUTUAL without certificates', spec: tls({ mode: 'MUTUAL' }), errors: [[`${TLS}.clientCertificate`, 'client certificate required for mutual tls', 'MUTUAL'], [`${TLS}.privateKey`, 'private key required for mutual tls']] },
  { name: 'MUTUAL without private key', spec: tls({ mode: 'MUTUAL', clientCertificate: '/c.pem' }), errors: [[`${TLS}.privateKey`, 'private key required for mutual tls']] },
  { name: 'credentialName with caCertificates', spec: tls({ mode: 'SIMPLE', credentialName: 'c', caCertificates: '/ca.pem' }), errors: [[`${TLS}.caCertificates`, 'cannot specify client certificates or CA certificate or CA CRL If credentialName is set']] },
  { name: 'MUTUAL credentialName with clientCertificate', spec: tls({ mode: 'MUTUAL', credentialName: 'c', clientCertificate: '/c.pem' }), errors: [[`${TLS}.clientCertificate`, 'If credentialName is set']] },
  { name: 'credentialName with caCrl', spec: tls({ mode: 'SIMPLE', credentialName: 'c', caCrl: '/crl.pem' }), errors: [[`${TLS}.caCrl`, 'CA CRL']] },
  { name: 'SIMPLE insecureSkipVerify with CA', spec: tls({ mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/ca.pem' }), errors: [[`${TLS}.insecureSkipVerify`, 'cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true']] },
  { name: 'SIMPLE insecureSkipVerify with SANs', spec: tls({ mode: 'SIMPLE', insecureSkipVerify: true, subjectAltNames: ['a'] }), errors: [[`${TLS}.insecureSkipVerify`, 'when InsecureSkipVerify is set true']] },
  {
    name: 'MUTUAL insecureSkipVerify with CA',
    spec: tls({ mode: 'MUTUAL', insecureSkipVerify: true, caCertificates: '/ca.pem', clientCertificate: '/c', privateKey: '/k' }),
    errors: [[`${TLS}.insecureSkipVerify`, 'cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true']],
  },
  { name: 'MUTUAL insecureSkipVerify with credential only', spec: tls({ mode: 'MUTUAL', insecureSkipVerify: true, credentialName: 'c' }) },
  { name: 'configmap credential in another namespace', spec: tls({ mode: 'SIMPLE', credentialName: 'configmap://other/ca' }), errors: [[`${TLS}.credentialName`, 'namespace must match the configuration namespace "default"']] },
  { name: 'configmap credential without namespace', spec: tls({ mode: 'SIMPLE', credentialName: 'configmap://ca' }), errors: [[`${TLS}.credentialName`, 'expected configmap://namespace/name']] },
  { name: 'configmap credential with empty name', spec: tls({ mode: 'SIMPLE', credentialName: 'configmap://default/' }), errors: [[`${TLS}.credentialName`, 'needs both a namespace and a name']] },
  { name: 'ISTIO_MUTUAL with client certificate', spec: tls({ mode: 'ISTIO_MUTUAL', clientCertificate: '/c.pem' }), warnings: [[`${TLS}.clientCertificate`, 'is ignored when mode is ISTIO_MUTUAL']] },
  { name: 'ISTIO_MUTUAL with credentialName', spec: tls({ mode: 'ISTIO_MUTUAL', credentialName: 'c' }), warnings: [[`${TLS}.credentialName`, 'is ignored when mode is ISTIO_MUTUAL']] },
  { name: 'DISABLE with sni', spec: tls({ mode: 'DISABLE', sni: 'a.com' }), warnings: [[`${TLS}.sni`, 'sni is ignored when tls mode is DISABLE']] },
  { name: 'sni too long', spec: tls({ mode: 'SIMPLE', sni: `${'a'.repeat(250)}.example` }), errors: [[`${TLS}.sni`, 'Envoy accepts at most 255']] },
  { name: 'sni is an IP', spec: tls({ mode: 'SIMPLE', sni: '10.0.0.1' }), warnings: [[`${TLS}.sni`, 'is an IP address; TLS servers ignore IP literals in SNI']] },
  { name: 'empty subjectAltName', spec: tls({ mode: 'SIMPLE', subjectAltNames: ['a.com', ''] }), errors: [[`${TLS}.subjectAltNames[1]`, 'subject alternative name must not be empty']] },
  { name: 'SIMPLE with client certificate', spec: tls({ mode: 'SIMPLE', clientCertificate: '/c.pem' }), warnings: [[`${TLS}.clientCertificate`, 'is only presented in mode MUTUAL']] },
  { name: 'credentialName with SNI IP', spec: tls({ mode: 'MUTUAL', credentialName: 'c', sni: '::1' }), warnings: [[`${TLS}.sni`, 'is an IP address']] },
  { name: 'no mode with client certificate', spec: tls({ clientCertificate: '/c.pem' }), warnings: [[`${TLS}.clientCertificate`, 'unset (DISABLE)']] },
];

const portLevel: Case[] = [
  { name: 'port missing', spec: pls({ loadBalancer: { simple: 'ROUND_ROBIN' } }), errors: [[`${PL}[0].port`, 'portTrafficPolicy must have valid port']] },
  { name: 'port number 0', spec: pls({ port: { number: 0 }, tls: { mode: 'DISABLE' } }), errors: [[`${PL}[0].port.number`, 'port number 0 must be in the range 1..65535']] },
  { name: 'port without number', spec: pls({ port: {}, tls: { mode: 'DISABLE' } }), errors: [[`${PL}[0].port.number`, 'port number 0 must be in the range 1..65535']] },
  { name: 'port number 65536', spec: pls({ port: { number: 65536 }, tls: { mode: 'DISABLE' } }), errors: [[`${PL}[0].port.number`, 'port number 65536']] },
  { name: 'only a port', spec: pls({ port: { number: 80 } }), errors: [[`${PL}[0]`, 'port traffic policy must have at least one field']] },
  {
    name: 'duplicate port',
    spec: pls({ port: { number: 80 }, tls: { mode: 'DISABLE' } }, { port: { number: 80 }, tls: { mode: 'SIMPLE' } }),
    warnings: [[`${PL}[1].port.number`, `port 80 already has settings at ${PL}[0]; only the first entry takes effect`]],
  },
  { name: 'nested outlier error', spec: pls({ port: { number: 80 }, outlierDetection: { minHealthPercent: 101 } }), errors: [[`${PL}[0].outlierDetection.minHealthPercent`, 'percentage 101']] },
  { name: 'nested connection pool error', spec: pls({ port: { number: 80 }, connectionPool: {} }), errors: [[`${PL}[0].connectionPool`, 'connection pool must have at least one field']] },
  { name: 'nested tls error', spec: pls({ port: { number: 80 }, tls: { mode: 'MUTUAL', privateKey: '/k' } }), errors: [[`${PL}[0].tls.clientCertificate`, 'client certificate required']] },
  { name: 'nested lb warning', spec: pls({ port: { number: 80 }, loadBalancer: { simple: 'LEAST_CONN' } }), warnings: [[`${PL}[0].loadBalancer.simple`, 'LEAST_CONN is deprecated']] },
  { name: 'port-level tunnel is unknown', spec: pls({ port: { number: 80 }, tunnel: { targetHost: 'a', targetPort: 1 } }), errors: [[`${PL}[0].tunnel`, 'unknown field "tunnel"']] },
];

const exportAndSelector: Case[] = [
  { name: 'exportTo ~', spec: dr({ exportTo: ['~'] }), errors: [['spec.exportTo[0]', 'exportTo ~ (none) is not allowed for Istio configuration objects']] },
  { name: 'exportTo invalid namespace', spec: dr({ exportTo: ['Foo_Bar'] }), errors: [['spec.exportTo[0]', 'only ".", "*", or a valid DNS 1123 label']] },
  { name: 'exportTo duplicate', spec: dr({ exportTo: ['a', 'a'] }), errors: [['spec.exportTo[1]', 'duplicate entries in exportTo for entry a']] },
  { name: 'exportTo own namespace then dot', namespace: 'bookinfo', spec: dr({ exportTo: ['bookinfo', '.'] }), errors: [['spec.exportTo[1]', 'duplicate entries in exportTo: . and current namespace bookinfo']] },
  { name: 'exportTo dot then own namespace', namespace: 'bookinfo', spec: dr({ exportTo: ['.', 'bookinfo'] }), errors: [['spec.exportTo[1]', 'duplicate entries in exportTo for entry bookinfo']] },
  { name: 'exportTo star and another', spec: dr({ exportTo: ['*', 'a'] }), errors: [['spec.exportTo', 'cannot have both public (*) and non-public exportTo values']] },
  { name: 'selector with exportTo star', spec: dr({ workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['*'] }), errors: [['spec.exportTo', 'destination rule with workload selector cannot have exportTo beyond current namespace']] },
  {
    name: 'selector with dot and another',
    spec: dr({ workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['.', 'other'] }),
    errors: [['spec.exportTo', 'destination rule with workload selector cannot have multiple entries in exportTo']],
  },
  { name: 'selector without labels', spec: dr({ workloadSelector: {} }), warnings: [['spec.workloadSelector.matchLabels', 'workload selector specified without labels']] },
  { name: 'selector with wildcard value', spec: dr({ workloadSelector: { matchLabels: { app: '*' } } }), errors: [['spec.workloadSelector.matchLabels.app', 'wildcard is not supported in selector: "app=*"']] },
  { name: 'selector with empty key', spec: dr({ workloadSelector: { matchLabels: { '': 'x' } } }), errors: [['spec.workloadSelector.matchLabels.', 'empty key is not supported in selector']] },
  { name: 'selector with invalid label value', spec: dr({ workloadSelector: { matchLabels: { app: 'a b' } } }), warnings: [['spec.workloadSelector.matchLabels.app', 'can never match a workload']] },
  { name: 'selector uses labels instead of matchLabels', spec: dr({ workloadSelector: { labels: { app: 'a' } } }), errors: [['spec.workloadSelector.labels', 'unknown field "labels" in spec.workloadSelector']] },
];

runCases('DestinationRule valid', valid, OPTS);
runCases('DestinationRule schema', schema, OPTS);
runCases('DestinationRule rules', semantic, OPTS);
runCases('DestinationRule connectionPool', connectionPool, OPTS);
runCases('DestinationRule outlierDetection', outlier, OPTS);
runCases('DestinationRule loadBalancer', loadBalancer, OPTS);
runCases('DestinationRule locality', locality, OPTS);
runCases('DestinationRule tls', clientTls, OPTS);
runCases('DestinationRule portLevelSettings', portLevel, OPTS);
runCases('DestinationRule exportTo and workloadSelector', exportAndSelector, OPTS);

/**
 * Seed 003's DestinationRule examples, verbatim below `spec:`. Most are fragments without the
 * required `host`, which Istio rejects; each is also checked with a host added, to give the verdict
 * on the rest of the fragment.
 */
interface Seed {
  name: string;
  spec: string;
  errors?: Case['errors'];
  warnings?: Case['warnings'];
}
const NO_HOST = ['spec.host', 'missing required field "host"'] as const;
const seedDoc = (spec: string, host?: string): string =>
  `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: foo-destination-rule\nspec:\n${host ? `  host: ${host}\n` : ''}${spec}\n`;
const L = 'spec.trafficPolicy.loadBalancer';
const seeds: Seed[] = [
  { name: 'exportTo *', spec: '  exportTo:\n    - "*"' },
  { name: 'exportTo .', spec: '  exportTo:\n    - "."' },
  { name: 'subsets v1/v2', spec: '  subsets:\n    - name: v1\n      labels:\n        version: v1 # 旧Pod\n    - name: v2\n      labels:\n        version: v2 # 新Pod' },
  { name: 'maxRequestsPerConnection', spec: '  trafficPolicy:\n    connectionPool:\n      http:\n        maxRequestsPerConnection: 1' },
  { name: 'http1MaxPendingRequests', spec: '  trafficPolicy:\n    connectionPool:\n      http:\n        http1MaxPendingRequests: 1' },
  { name: 'maxConnections', spec: '  trafficPolicy:\n    connectionPool:\n      tcp:\n        maxConnections: 100' },
  { name: 'outlier interval', spec: '  trafficPolicy:\n    outlierDetection:\n      interval: 10s' },
  { name: 'consecutiveGatewayErrors', spec: '  trafficPolicy:\n    outlierDetection:\n      consecutiveGatewayErrors: 3' },
  { name: 'outlier ejection', spec: '  trafficPolicy:\n    outlierDetection:\n      consecutiveGatewayErrors: 3\n      interval: 10s\n      baseEjectionTime: 30s' },
  { name: 'minHealthPercent', spec: '  trafficPolicy:\n    outlierDetection:\n      minHealthPercent: 90' },
  { name: 'ROUND_ROBIN', spec: '  trafficPolicy:\n    loadBalancer:\n      # ラウンドロビン\n      simple: ROUND_ROBIN' },
  {
    name: 'locality distribute with placeholders',
    spec: '  trafficPolicy:\n    loadBalancer:\n      localityLbSetting:\n        enabled: "true"\n        distribute:\n          - from: <リージョン名>/<ゾーン名>/*\n            to:\n              "<リージョン名>/<ゾーン名>/*": 70\n              "<リージョン名>/<ゾーン名>/*": 30',
    errors: [
      ['', 'duplicate key "<リージョン名>/<ゾーン名>/*"', '": 30'],
      [`${L}.localityLbSetting.enabled`, 'expected true or false, got string "true"', 'enabled: "true"'],
    ],
  },
  { name: 'LEAST_CONN', spec: '  trafficPolicy:\n    loadBalancer:\n      # 最小リクエスト数\n      simple: LEAST_CONN', warnings: [[`${L}.simple`, 'LEAST_CONN is deprecated; use LEAST_REQUEST', 'simple: LEAST_CONN']] },
  {
    name: 'portLevelSettings without port',
    spec: '  trafficPolicy:\n    portLevelSettings:\n      - loadBalancer:\n          simple: ROUND_ROBIN',
    errors: [['spec.trafficPolicy.portLevelSettings[0].port', 'portTrafficPolicy must have valid port', '- loadBalancer:']],
  },
  { name: 'portLevelSettings port only', spec: '  trafficPolicy:\n    portLevelSettings:\n      - port:\n          number: 80', errors: [['spec.trafficPolicy.portLevelSettings[0]', 'port traffic policy must have at least one field']] },
  { name: 'tls DISABLE', spec: '  trafficPolicy:\n    tls:\n      mode: DISABLE # 非TLS' },
  { name: 'tls SIMPLE', spec: '  trafficPolicy:\n    tls:\n      mode: SIMPLE # TLS' },
  {
    name: 'tls MUTUAL alone',
    spec: '  trafficPolicy:\n    tls:\n      mode: MUTUAL # 自己管理下の相互TLS認証',
    errors: [
      ['spec.trafficPolicy.tls.clientCertificate', 'client certificate required for mutual tls', 'mode: MUTUAL'],
      ['spec.trafficPolicy.tls.privateKey', 'private key required for mutual tls', 'mode: MUTUAL'],
    ],
  },
  { name: 'tls ISTIO_MUTUAL', spec: '  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL # Istio管理下の相互TLS認証' },
  { name: 'MUTUAL with privateKey only', spec: '  trafficPolicy:\n    tls:\n      mode: MUTUAL\n      privateKey: /etc/certs/client_private_key.pem', errors: [['spec.trafficPolicy.tls.clientCertificate', 'client certificate required for mutual tls']] },
  { name: 'MUTUAL with clientCertificate only', spec: '  trafficPolicy:\n    tls:\n      mode: MUTUAL\n      clientCertificate: /etc/certs/myclientcert.pem', errors: [['spec.trafficPolicy.tls.privateKey', 'private key required for mutual tls']] },
  {
    name: 'MUTUAL with caCertificates only',
    spec: '  trafficPolicy:\n    tls:\n      mode: MUTUAL\n      caCertificates: /etc/certs/rootcacerts.pem',
    errors: [
      ['spec.trafficPolicy.tls.clientCertificate', 'client certificate required'],
      ['spec.trafficPolicy.tls.privateKey', 'private key required'],
    ],
  },
];
const seedCases: Case[] = [
  { name: 'host foo-service (valid)', yaml: seedDoc('  host: foo-service.default.svc.cluster.local # Service名でも良いが完全修飾ドメイン名の方が良い。') },
  { name: 'host istio-egressgateway (valid)', yaml: seedDoc('  host: istio-egressgateway.istio-egress.svc.cluster.local') },
  // As written: the missing host is reported; semantic rules run only on schema-valid resources.
  ...seeds.map((s): Case => {
    const schemaOnly = (s.errors ?? []).filter((e) => pathOf(e) === '' || pathOf(e)?.endsWith('.enabled'));
    return { name: `${s.name} as written`, yaml: seedDoc(s.spec), errors: [NO_HOST, ...schemaOnly], warnings: s.warnings };
  }),
  ...seeds.map((s): Case => ({ name: `${s.name} with a host`, yaml: seedDoc(s.spec, 'foo-service.default.svc.cluster.local'), errors: s.errors, warnings: s.warnings })),
];
runCases('DestinationRule seed 003', seedCases, OPTS);
