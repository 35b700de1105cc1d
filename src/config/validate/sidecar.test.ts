/** Table tests of Sidecar rules (sidecar.ts). */
import { runCases, type Case } from './case-table.ts';

const egress = (hosts: string[], extra: object = {}): object => ({ egress: [{ hosts, ...extra }] });
const ingress = (l: object): object => ({ ingress: [{ port: { number: 9080, protocol: 'HTTP', name: 'http' }, defaultEndpoint: '127.0.0.1:8080', ...l }] });
const files = { serverCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem' };
const I = 'spec.ingress[0]';
const E = 'spec.egress[0]';

const valid: Case[] = [
  { name: 'egress ./* and istio-system/*', spec: egress(['./*', 'istio-system/*']) },
  { name: 'egress */* alone', spec: egress(['*/*']) },
  { name: 'egress FQDN and wildcard hosts', spec: egress(['prod/reviews.prod.svc.cluster.local', '*/*.example.com']) },
  { name: 'egress ~ namespace exclusion', spec: egress(['~/*', 'ns1/*']) },
  { name: 'egress listener with a port', spec: { egress: [{ port: { number: 3306, protocol: 'MYSQL', name: 'mysql' }, bind: '127.0.0.1', hosts: ['*/mysql.foo.com'] }, { hosts: ['./*'] }] } },
  { name: 'egress on a unix socket', spec: { egress: [{ port: { number: 0, protocol: 'HTTP', name: 'uds' }, bind: 'unix:///var/run/app.sock', captureMode: 'NONE', hosts: ['./*'] }] } },
  { name: 'egress with captureMode IPTABLES', spec: egress(['./*'], { port: { number: 80, protocol: 'HTTP' }, captureMode: 'IPTABLES' }) },
  { name: 'egress port without protocol (sniffing)', spec: egress(['./*'], { port: { number: 8080 } }) },
  { name: 'workload selector', spec: { workloadSelector: { labels: { app: 'reviews' } }, ...egress(['./*']) } },
  { name: 'ingress with defaultEndpoint', spec: ingress({}) },
  { name: 'ingress with [::1] and 0.0.0.0 endpoints', spec: { ingress: [{ port: { number: 1, protocol: 'TCP' }, defaultEndpoint: '[::1]:8080' }, { port: { number: 2, protocol: 'TCP' }, defaultEndpoint: '0.0.0.0:8081' }] } },
  { name: 'ingress with :port endpoint', spec: ingress({ defaultEndpoint: ':8080' }) },
  { name: 'ingress with unix endpoint', spec: ingress({ defaultEndpoint: 'unix:///var/run/app.sock' }) },
  { name: 'ingress without defaultEndpoint', spec: { ingress: [{ port: { number: 9080, protocol: 'HTTP' } }] } },
  { name: 'ingress with bind and captureMode', spec: ingress({ bind: '0.0.0.0', captureMode: 'NONE' }) },
  { name: 'ingress TLS SIMPLE with files', spec: ingress({ port: { number: 8443, protocol: 'HTTPS', name: 'https' }, tls: { mode: 'SIMPLE', ...files } }) },
  { name: 'ingress TLS MUTUAL with CA', spec: ingress({ port: { number: 8443, protocol: 'TLS', name: 'tls' }, tls: { mode: 'MUTUAL', ...files, caCertificates: '/etc/certs/ca.pem' } }) },
  { name: 'ingress connection pool', spec: ingress({ connectionPool: { http: { http1MaxPendingRequests: 100, idleTimeout: '30s' }, tcp: { maxConnections: 10 } } }) },
  { name: 'inboundConnectionPool only', spec: { inboundConnectionPool: { http: { http2MaxRequests: 1000 } } } },
  { name: 'outboundTrafficPolicy REGISTRY_ONLY', spec: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } } },
  { name: 'outboundTrafficPolicy with egressProxy', spec: { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'egress.istio-system.svc.cluster.local', subset: 'v1', port: { number: 80 } } } } },
  { name: 'snake_case field names', spec: { workload_selector: { labels: { app: 'a' } }, egress: [{ hosts: ['./*'] }], outbound_traffic_policy: { mode: 'ALLOW_ANY' } } },
  { name: 'v1beta1', apiVersion: 'networking.istio.io/v1beta1', spec: egress(['./*']) },
];

const invalid: Case[] = [
  { name: 'empty configuration', spec: {}, errors: [['spec', 'sidecar: empty configuration provided']] },
  { name: 'only a workload selector', spec: { workloadSelector: { labels: { app: 'a' } } }, errors: [['spec', 'sidecar: empty configuration provided']] },
  { name: 'selector without labels', spec: { workloadSelector: {}, ...egress(['./*']) }, warnings: [['spec.workloadSelector', 'sidecar: workload selector specified without labels, will be applied to all services in namespace']] },
  { name: 'selector with a wildcard', spec: { workloadSelector: { labels: { app: '*' } }, ...egress(['./*']) }, errors: [['spec.workloadSelector.labels.app', 'wildcard is not supported in selector: "app=*"']] },
  { name: 'selector with an empty key', spec: { workloadSelector: { labels: { '': 'a' } }, ...egress(['./*']) }, errors: [['spec.workloadSelector.labels.', 'empty key is not supported in selector']] },
  { name: 'selector matchLabels is not a Sidecar field', spec: { workloadSelector: { matchLabels: { app: 'a' } }, ...egress(['./*']) }, errors: [['spec.workloadSelector.matchLabels', 'unknown field "matchLabels" in spec.workloadSelector']] },
  { name: 'egress host without namespace', spec: egress(['reviews.default.svc.cluster.local']), errors: [[`${E}.hosts[0]`, 'host "reviews.default.svc.cluster.local" must be of form namespace/dnsName']] },
  { name: 'egress host * without namespace', spec: egress(['*']), errors: [[`${E}.hosts[0]`, 'must be of form namespace/dnsName']] },
  { name: 'egress short name', spec: egress(['ns/reviews']), errors: [[`${E}.hosts[0]`, 'short names (non FQDN) are not allowed']] },
  { name: 'egress partial wildcard', spec: egress(['ns/*foo.com']), errors: [[`${E}.hosts[0]`, 'partial wildcard "*foo.com" not allowed']] },
  { name: 'egress invalid namespace', spec: egress(['Bad_NS/*']), errors: [[`${E}.hosts[0]`, 'invalid namespace value "Bad_NS" in sidecar']] },
  { name: 'egress empty namespace', spec: egress(['/a.com']), errors: [[`${E}.hosts[0]`, 'config namespace and dnsName in host entry cannot be empty']] },
  { name: 'egress empty host', spec: egress(['ns/']), errors: [[`${E}.hosts[0]`, 'config namespace and dnsName in host entry cannot be empty']] },
  { name: 'egress invalid host label', spec: egress(['ns/a_b.com']), errors: [[`${E}.hosts[0]`, 'domain name "a_b.com" invalid']] },
  { name: 'egress IP host', spec: egress(['ns/10.0.0.1']), errors: [[`${E}.hosts[0]`, 'top level domain "1" cannot be all-numeric']] },
  { name: 'egress without hosts', spec: { egress: [{ port: { number: 80, protocol: 'HTTP' } }] }, errors: [[`${E}.hosts`, 'missing required field "hosts"']] },
  { name: 'egress with empty hosts', spec: egress([]), errors: [[`${E}.hosts`, 'sidecar: egress listener must contain at least one host']] },
  { name: 'egress duplicate host', spec: egress(['ns/a.com', 'ns/a.com']), warnings: [[`${E}.hosts[1]`, 'duplicated egress host: ns/a.com']] },
  { name: 'egress host after ns/*', spec: egress(['ns/*', 'ns/a.com']), warnings: [[`${E}.hosts[1]`, 'duplicated egress host: ns/a.com']] },
  { name: 'egress . and own namespace', namespace: 'team', spec: egress(['./a.com', 'team/a.com']), warnings: [[`${E}.hosts[1]`, 'duplicated egress host: team/a.com']] },
  { name: 'egress */* with others', spec: egress(['*/*', 'ns/a.com']), warnings: [[`${E}.hosts`, '`*/*` host select all resources, no other hosts can be added']] },
  { name: 'two catch-all egress listeners', spec: { egress: [{ hosts: ['./*'] }, { hosts: ['ns/*'] }] }, errors: [['spec.egress[0]', 'sidecar: the egress listener with empty port should be the last listener in the list']] },
  { name: 'three catch-all egress listeners', spec: { egress: [{ hosts: ['./*'] }, { hosts: ['ns/*'] }, { hosts: ['a/*'] }] }, errors: [['spec.egress[0]', 'should be the last listener'], ['spec.egress[1]', 'should be the last listener']] },
  { name: 'catch-all egress not last', spec: { egress: [{ hosts: ['./*'] }, { port: { number: 80, protocol: 'HTTP' }, hosts: ['ns/*'] }] }, errors: [['spec.egress[0]', 'should be the last listener in the list']] },
  { name: 'duplicate egress ports', spec: { egress: [{ port: { number: 80, protocol: 'HTTP' }, hosts: ['./*'] }, { port: { number: 80, protocol: 'HTTP' }, hosts: ['ns/*'] }] }, errors: [['spec.egress[1].port.number', 'sidecar: ports on IP bound listeners must be unique']] },
  { name: 'egress port out of range', spec: egress(['./*'], { port: { number: 70000, protocol: 'HTTP' } }), errors: [[`${E}.port.number`, 'port number 70000 must be in the range 1..65535']] },
  { name: 'egress port 0 without a unix bind', spec: egress(['./*'], { port: { number: 0, protocol: 'HTTP' } }), errors: [[`${E}.bind`, 'sidecar: ports with 0 value must have a unix domain socket bind address']] },
  { name: 'egress unix bind relative', spec: egress(['./*'], { port: { number: 0, protocol: 'HTTP' }, bind: 'unix://app.sock' }), errors: [[`${E}.bind`, 'app.sock is not an absolute path to a file']] },
  { name: 'egress unix bind with IPTABLES', spec: egress(['./*'], { port: { number: 0, protocol: 'HTTP' }, bind: 'unix:///a.sock', captureMode: 'IPTABLES' }), errors: [[`${E}.captureMode`, 'sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners']] },
  {
    name: 'duplicate unix sockets',
    spec: { egress: [0, 1].map(() => ({ port: { number: 0, protocol: 'HTTP' }, bind: 'unix:///a.sock', hosts: ['./*'] })) },
    errors: [['spec.egress[1].bind', 'sidecar: unix domain socket values for listeners must be unique']],
  },
  { name: 'egress bind not an IP', spec: egress(['./*'], { port: { number: 80, protocol: 'HTTP' }, bind: 'localhost' }), errors: [[`${E}.bind`, 'localhost is not a valid IP']] },
  { name: 'egress unknown protocol', spec: egress(['./*'], { port: { number: 80, protocol: 'SMTP' } }), errors: [[`${E}.port.protocol`, 'unsupported protocol: SMTP']] },
  { name: 'egress bad port name', spec: egress(['./*'], { port: { number: 80, protocol: 'HTTP', name: 'Http_Web' } }), errors: [[`${E}.port.name`, 'invalid port name: Http_Web']] },
  { name: 'egress targetPort', spec: egress(['./*'], { port: { number: 80, protocol: 'HTTP', targetPort: 8080 } }), errors: [[`${E}.port.targetPort`, 'targetPort has no impact on Sidecars']], warnings: [[`${E}.port.targetPort`, 'targetPort is deprecated']] },
  { name: 'egress unknown captureMode', spec: egress(['./*'], { captureMode: 'TPROXY' }), errors: [[`${E}.captureMode`, 'unknown value "TPROXY"; expected one of DEFAULT, IPTABLES, NONE']] },
  { name: 'ingress without port', spec: { ingress: [{ defaultEndpoint: '127.0.0.1:8080' }] }, errors: [[`${I}.port`, 'missing required field "port"']] },
  { name: 'ingress port 0', spec: ingress({ port: { number: 0, protocol: 'HTTP' } }), errors: [[`${I}.port.number`, 'port number 0 must be in the range 1..65535']] },
  { name: 'ingress duplicate ports', spec: { ingress: [0, 1].map(() => ({ port: { number: 9080, protocol: 'HTTP' } })) }, errors: [['spec.ingress[1].port.number', 'sidecar: ports on IP bound listeners must be unique']] },
  { name: 'ingress unknown protocol', spec: ingress({ port: { number: 9080, protocol: 'QUIC' } }), errors: [[`${I}.port.protocol`, 'unsupported protocol: QUIC']] },
  { name: 'ingress bind not an IP', spec: ingress({ bind: 'my-host' }), errors: [[`${I}.bind`, 'my-host is not a valid IP']] },
  { name: 'defaultEndpoint on another host', spec: ingress({ defaultEndpoint: '10.0.0.1:8080' }), errors: [[`${I}.defaultEndpoint`, 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset']] },
  { name: 'defaultEndpoint without port', spec: ingress({ defaultEndpoint: '127.0.0.1' }), errors: [[`${I}.defaultEndpoint`, 'address 127.0.0.1: missing port in address']] },
  { name: 'defaultEndpoint port not a number', spec: ingress({ defaultEndpoint: '127.0.0.1:http' }), errors: [[`${I}.defaultEndpoint`, 'sidecar: defaultEndpoint port (http) is not a number']] },
  { name: 'defaultEndpoint port out of range', spec: ingress({ defaultEndpoint: '127.0.0.1:99999' }), errors: [[`${I}.defaultEndpoint`, 'port number 99999 must be in the range 1..65535']] },
  { name: 'defaultEndpoint bad unix path', spec: ingress({ defaultEndpoint: 'unix://' }), errors: [[`${I}.defaultEndpoint`, 'unix address must not be empty']] },
  { name: 'ingress TLS on an HTTP port', spec: ingress({ tls: { mode: 'SIMPLE', ...files } }), errors: [[`${I}.tls`, 'server cannot have TLS settings for non HTTPS/TLS ports']] },
  { name: 'ingress TLS ISTIO_MUTUAL', spec: ingress({ port: { number: 8443, protocol: 'HTTPS' }, tls: { mode: 'ISTIO_MUTUAL' } }), errors: [[`${I}.tls.mode`, 'cannot set mode to ISTIO_MUTUAL in sidecar ingress tls']] },
  { name: 'ingress TLS credentialName', spec: ingress({ port: { number: 8443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'c' } }), errors: [[`${I}.tls.credentialName`, 'sidecar: credentialName is not currently supported']] },
  { name: 'ingress TLS subjectAltNames', spec: ingress({ port: { number: 8443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', ...files, subjectAltNames: ['a'] } }), errors: [[`${I}.tls.subjectAltNames`, 'sidecar: subjectAltNames is not supported in ingress tls']] },
  { name: 'ingress TLS httpsRedirect', spec: ingress({ port: { number: 8443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', ...files, httpsRedirect: true } }), errors: [[`${I}.tls.httpsRedirect`, 'sidecar: httpsRedirect is not supported']] },
  { name: 'ingress TLS SIMPLE without key', spec: ingress({ port: { number: 8443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', serverCertificate: '/c' } }), errors: [[`${I}.tls.privateKey`, 'SIMPLE TLS requires a private key']] },
  { name: 'ingress TLS MUTUAL without CA', spec: ingress({ port: { number: 8443, protocol: 'TLS' }, tls: { mode: 'MUTUAL', ...files } }), errors: [[`${I}.tls.caCertificates`, 'MUTUAL TLS requires a client CA bundle']] },
  { name: 'ingress connectionPool empty', spec: ingress({ connectionPool: {} }), errors: [[`${I}.connectionPool`, 'connection pool must have at least one field']] },
  { name: 'ingress HTTP pool on a TCP port', spec: ingress({ port: { number: 9000, protocol: 'TCP', name: 'tcp' }, connectionPool: { http: { maxRetries: 3 } } }), warnings: [[`${I}.connectionPool.http`, 'HTTP connection pool settings are configured for port 9000 ("tcp") but its protocol is not HTTP (TCP)']] },
  { name: 'inboundConnectionPool negative', spec: { inboundConnectionPool: { tcp: { maxConnections: -1 } } }, errors: [['spec.inboundConnectionPool.tcp.maxConnections', 'max connections must be non-negative']] },
  { name: 'egressProxy with REGISTRY_ONLY', spec: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY', egressProxy: { host: 'egress.example.com', port: { number: 80 } } } }, errors: [['spec.outboundTrafficPolicy.egressProxy', 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode']] },
  { name: 'egressProxy with default mode', spec: { outboundTrafficPolicy: { egressProxy: { host: 'egress.example.com', port: { number: 80 } } } }, errors: [['spec.outboundTrafficPolicy.egressProxy', 'must be set only with ALLOW_ANY']] },
  { name: 'egressProxy without port', spec: { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'egress.example.com' } } }, errors: [['spec.outboundTrafficPolicy.egressProxy.port', 'sidecar: egress_proxy port must be non-nil']] },
  { name: 'egressProxy wildcard host', spec: { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: '*.example.com', port: { number: 80 } } } }, errors: [['spec.outboundTrafficPolicy.egressProxy.host', 'domain name "*.example.com" invalid (label "*" invalid)']] },
  { name: 'egressProxy bad subset', spec: { outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'e.example.com', subset: 'v.1', port: { number: 80 } } } }, errors: [['spec.outboundTrafficPolicy.egressProxy.subset', 'subset name is invalid: v.1']] },
  { name: 'outboundTrafficPolicy mode ALLOW_ANY_DYNAMIC_DNS', spec: { outboundTrafficPolicy: { mode: 'ALLOW_ANY_DYNAMIC_DNS' } }, errors: [['spec.outboundTrafficPolicy.mode', 'unknown value "ALLOW_ANY_DYNAMIC_DNS"']] },
  { name: 'localhost was removed', spec: { ...egress(['./*']), localhost: {} }, errors: [['spec.localhost', 'unknown field "localhost"']] },
  { name: 'dry-run annotation', yaml: 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: s\n  annotations: {istio.io/dry-run: "true"}\nspec:\n  egress: [{hosts: ["./*"]}]\n', errors: [['metadata.annotations.istio.io/dry-run', 'has unsupported annotation istio.io/dry-run, please remove the annotation']] },
];

const positions: Case[] = [
  {
    name: 'positions of egress problems',
    yaml: `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: prod
spec:
  egress:
  - hosts:
    - "./*"
    - "reviews"
    - "istio-system/*"
`,
    errors: [['spec.egress[0].hosts[1]', 'host "reviews" must be of form namespace/dnsName', '- "reviews"']],
  },
];

const o = { kind: 'Sidecar', apiVersion: 'networking.istio.io/v1' };
runCases('Sidecar valid', valid, o);
runCases('Sidecar invalid', invalid, o);
runCases('Sidecar positions', positions, o);
