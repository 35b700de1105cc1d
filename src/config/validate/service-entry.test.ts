/**
 * Table tests of ServiceEntry: schema and Istio's admission rules (service-entry.ts,
 * service-entry-resolution.ts, endpoint rules from workload-entry.ts), loaded through loadText.
 * Seed 002's and seed 003's ServiceEntry examples are at the end with their verdicts.
 */
import { runCases, type Case } from './case-table.ts';

const OPTS = { kind: 'ServiceEntry', apiVersion: 'networking.istio.io/v1', ignoreWarnings: ['is deprecated; use networking.istio.io/v1'] };
const HTTP = { number: 80, name: 'http', protocol: 'HTTP' };
const HTTPS = { number: 443, name: 'https', protocol: 'HTTPS' };
const TCP = { number: 3306, name: 'tcp-mysql', protocol: 'TCP' };
/** An external HTTP(S) service resolved by DNS, plus `extra`. */
const se = (extra: object = {}): object => ({ hosts: ['api.example.com'], location: 'MESH_EXTERNAL', ports: [HTTP, HTTPS], resolution: 'DNS', ...extra });
const stat = (endpoints: object[], extra: object = {}): object => ({ hosts: ['db.internal'], addresses: ['10.1.0.10'], ports: [TCP], resolution: 'STATIC', endpoints, ...extra });
const TLS = { number: 443, name: 'tls', protocol: 'TLS' };
/** A DYNAMIC_DNS entry for `*.example.com` with HTTP and TLS ports, plus `extra`. */
const dyn = (extra: object = {}): object => se({ hosts: ['*.example.com'], resolution: 'DYNAMIC_DNS', ports: [HTTP, TLS], ...extra });
const TCP_NO_ADDR = 'addresses are required for ports serving TCP (or unset) protocol';

const valid: Case[] = [
  { name: 'external HTTPS API by DNS', spec: se() },
  { name: 'location MESH_INTERNAL', spec: se({ location: 'MESH_INTERNAL' }) },
  { name: 'resolution NONE with wildcard host', spec: se({ hosts: ['*.googleapis.com'], resolution: 'NONE' }) },
  { name: 'resolution unset (NONE) with HTTP ports', spec: { hosts: ['*.example.com', 'example.com'], ports: [HTTP, HTTPS] } },
  { name: 'resolution DNS with endpoints', spec: se({ hosts: ['*.example.com'], endpoints: [{ address: 'us.example.com' }, { address: 'eu.example.com', ports: { https: 8443 } }] }) },
  { name: 'resolution DNS_ROUND_ROBIN', spec: se({ resolution: 'DNS_ROUND_ROBIN' }) },
  { name: 'DNS_ROUND_ROBIN with one endpoint', spec: se({ resolution: 'DNS_ROUND_ROBIN', endpoints: [{ address: 'lb.example.com' }] }) },
  { name: 'resolution DYNAMIC_DNS', spec: dyn() },
  { name: 'DYNAMIC_DNS with gRPC and HTTP2', spec: dyn({ ports: [{ number: 50051, name: 'grpc', protocol: 'GRPC' }, { number: 8080, name: 'h2', protocol: 'HTTP2' }] }) },
  { name: 'STATIC with IP endpoints', spec: stat([{ address: '10.1.0.11', labels: { app: 'db' }, network: 'vpc-1', locality: 'us-east/z1', weight: 10, serviceAccount: 'db' }, { address: '2001:db8::1', ports: { 'tcp-mysql': 3307 } }]) },
  { name: 'STATIC with workloadSelector', spec: { hosts: ['vm.internal'], ports: [HTTP], resolution: 'STATIC', location: 'MESH_INTERNAL', workloadSelector: { labels: { app: 'vm' } } } },
  { name: 'STATIC with Unix socket endpoint', spec: { hosts: ['uds.local'], ports: [HTTP], resolution: 'STATIC', endpoints: [{ address: 'unix:///var/run/app.sock' }] } },
  { name: 'STATIC with abstract socket endpoint', spec: { hosts: ['uds.local'], ports: [HTTP], resolution: 'STATIC', endpoints: [{ address: 'unix://@app' }] } },
  { name: 'STATIC endpoint with network and no address', spec: stat([{ network: 'remote' }]), warnings: [['spec.endpoints[0].address', 'address is unset with network "remote"']] },
  { name: 'addresses with CIDR and NONE', spec: { hosts: ['db.internal'], addresses: ['10.0.0.0/16', '192.168.1.1', 'fd00::/8'], ports: [TCP] } },
  { name: 'TCP with addresses and NONE', spec: { hosts: ['tcp.smtp'], addresses: ['127.0.0.1/32'], ports: [{ number: 587, name: 'tcp', protocol: 'TCP' }], location: 'MESH_EXTERNAL' } },
  { name: 'protocols are case-insensitive', spec: se({ ports: [{ number: 80, name: 'http', protocol: 'http' }, { number: 50051, name: 'grpc', protocol: 'gRPC' }] }) },
  { name: 'all known protocols with NONE', spec: { hosts: ['a.com'], addresses: ['10.0.0.1'], ports: ['HTTP', 'HTTPS', 'GRPC', 'GRPC-WEB', 'HTTP2', 'HTTP_PROXY', 'MONGO', 'REDIS', 'MYSQL', 'TCP', 'TLS', 'UDP'].map((protocol, i) => ({ number: 1000 + i, name: `p${i}`, protocol })) } },
  { name: 'targetPort', spec: se({ ports: [{ number: 80, name: 'http', protocol: 'HTTP', targetPort: 8080 }] }) },
  { name: 'exportTo and subjectAltNames', spec: se({ exportTo: ['.', 'istio-system'], subjectAltNames: ['spiffe://cluster.local/ns/a/sa/b'] }) },
  { name: 'exportTo ~ is allowed for ServiceEntry', spec: se({ exportTo: ['~'] }) },
  { name: 'several HTTP hosts with DNS', spec: se({ hosts: ['a.example.com', 'b.example.com'] }) },
  { name: 'short host name', spec: se({ hosts: ['tcp'], resolution: 'NONE', ports: [HTTP] }) },
  { name: 'DNS TCP without addresses is auto-allocated', spec: { hosts: ['db.example.com'], ports: [TCP], resolution: 'DNS' } },
  { name: 'snake_case fields', spec: { hosts: ['a.com'], ports: [HTTP], resolution: 'STATIC', workload_selector: { labels: { app: 'a' } }, export_to: ['*'] } },
  { name: 'served at v1beta1', apiVersion: 'networking.istio.io/v1beta1', spec: se() },
];

const schema: Case[] = [
  { name: 'missing hosts', spec: { ports: [HTTP] }, errors: [['spec.hosts', 'missing required field "hosts"']] },
  { name: 'no spec', yaml: 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: x\n', errors: [['spec', 'spec is required']] },
  { name: 'typo address', spec: se({ address: ['10.0.0.1'] }), errors: [['spec.address', 'did you mean "addresses"?', 'address:']] },
  { name: 'typo in port', spec: se({ ports: [{ number: 80, name: 'http', protocl: 'HTTP' }] }), errors: [['spec.ports[0].protocl', 'did you mean "protocol"?']] },
  { name: 'port without name', spec: se({ ports: [{ number: 80, protocol: 'HTTP' }] }), errors: [['spec.ports[0].name', 'missing required field "name"']] },
  { name: 'port without number', spec: se({ ports: [{ name: 'http', protocol: 'HTTP' }] }), errors: [['spec.ports[0].number', 'missing required field "number"']] },
  { name: 'port number as string', spec: se({ ports: [{ number: '80', name: 'http' }] }), errors: [['spec.ports[0].number', 'expected an integer, got string "80"']] },
  { name: 'unknown resolution', spec: se({ resolution: 'DNS_RR' }), errors: [['spec.resolution', 'unknown value "DNS_RR"']] },
  { name: 'lower-case location', spec: se({ location: 'mesh_external' }), errors: [['spec.location', 'did you mean "MESH_EXTERNAL"?']] },
  { name: 'endpoints and workloadSelector', spec: stat([{ address: '10.0.0.1' }], { workloadSelector: { labels: { app: 'a' } } }), errors: [['spec', 'only one of "endpoints", "workloadSelector" may be set']] },
  { name: 'endpoint port negative', spec: stat([{ address: '10.0.0.1', ports: { 'tcp-mysql': -1 } }]), errors: [['spec.endpoints[0].ports.tcp-mysql', 'out of range [0, 4294967295]']] },
  { name: 'hosts is a string', spec: se({ hosts: 'a.com' }), errors: [['spec.hosts', 'expected a list']] },
  { name: 'selector uses matchLabels', spec: { hosts: ['a.com'], ports: [HTTP], resolution: 'STATIC', workloadSelector: { matchLabels: { app: 'a' } } }, errors: [['spec.workloadSelector.matchLabels', 'unknown field "matchLabels"']] },
];

const hosts: Case[] = [
  { name: 'empty hosts', spec: se({ hosts: [] }), errors: [['spec.hosts', 'service entry must have at least one host']] },
  { name: 'host * alone', spec: se({ hosts: ['*'], resolution: 'NONE' }), errors: [['spec.hosts[0]', 'invalid host *', '"*"']] },
  { name: 'IPv4 host', spec: se({ hosts: ['169.254.169.254'], resolution: 'NONE' }), warnings: [['spec.hosts[0]', 'host 169.254.169.254 is an IP address: current Istio rejects IP addresses in hosts']] },
  { name: 'IPv6 host', spec: se({ hosts: ['2001:db8::1'], resolution: 'NONE' }), warnings: [['spec.hosts[0]', 'is an IP address']] },
  { name: 'host with underscore', spec: se({ hosts: ['my_api.example.com'] }), errors: [['spec.hosts[0]', 'domain name "my_api.example.com" invalid (label "my_api" invalid)']] },
  { name: 'host with inner wildcard', spec: se({ hosts: ['api.*.com'], resolution: 'NONE' }), errors: [['spec.hosts[0]', 'label "*" invalid']] },
  { name: 'host with scheme', spec: se({ hosts: ['https://api.example.com'] }), errors: [['spec.hosts[0]', 'invalid (label']] },
  { name: 'host with port', spec: se({ hosts: ['api.example.com:443'] }), errors: [['spec.hosts[0]', 'label "com:443" invalid']] },
  { name: 'all-numeric top-level domain', spec: se({ hosts: ['api.123'] }), errors: [['spec.hosts[0]', 'top level domain "123" cannot be all-numeric']] },
  { name: 'prefix-glued wildcard warns', spec: se({ hosts: ['*api.example.com'], resolution: 'NONE' }), warnings: [['spec.hosts[0]', 'partial wildcard "*api.example.com" not allowed']] },
  { name: 'prefix-glued wildcard is fine for DYNAMIC_DNS', spec: dyn({ hosts: ['*api.example.com'] }) },
  { name: 'wildcard host with DNS and no endpoints', spec: se({ hosts: ['*.example.com'] }), errors: [['spec.hosts[0]', 'hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode DNS']] },
  { name: 'wildcard host with DNS_ROUND_ROBIN', spec: se({ hosts: ['a.com', '*.example.com'], resolution: 'DNS_ROUND_ROBIN' }), errors: [['spec.hosts[1]', 'resolution mode DNS_ROUND_ROBIN']] },
  { name: 'too many hosts', spec: se({ hosts: Array.from({ length: 257 }, (_, i) => `h${i}.example.com`) }), errors: [['spec.hosts', 'too many hosts (257)']] },
];

const addresses: Case[] = [
  { name: 'invalid IP', spec: se({ resolution: 'NONE', addresses: ['10.0.0.256'] }), errors: [['spec.addresses[0]', '10.0.0.256 is not a valid IP']] },
  { name: 'host name as address', spec: se({ resolution: 'NONE', addresses: ['db.example.com'] }), errors: [['spec.addresses[0]', 'db.example.com is not a valid IP']] },
  { name: 'Unix socket as address', spec: se({ resolution: 'NONE', addresses: ['unix:///tmp/a.sock'] }), errors: [['spec.addresses[0]', 'Unix domain socket addresses are not supported']] },
  { name: 'invalid CIDR prefix', spec: se({ resolution: 'NONE', addresses: ['10.0.0.0/33'] }), errors: [['spec.addresses[0]', '10.0.0.0/33 is not a valid CIDR block']] },
  { name: 'invalid CIDR address', spec: se({ resolution: 'NONE', addresses: ['10.0.0/8'] }), errors: [['spec.addresses[0]', 'is not a valid CIDR block']] },
  { name: 'CIDR with DNS', spec: se({ addresses: ['10.0.0.0/8'] }), errors: [['spec.addresses[0]', 'CIDR addresses are allowed only for NONE/STATIC resolution types, not DNS']] },
  { name: 'CIDR with STATIC', spec: stat([{ address: '10.0.0.1' }], { addresses: ['10.0.0.0/8'] }) },
  { name: 'address too long', spec: se({ resolution: 'NONE', addresses: [`2001:db8::${'0:'.repeat(30)}1`] }), errors: [['spec.addresses[0]', 'the maximum is 64'], ['spec.addresses[0]', 'is not a valid IP']] },
];

const ports: Case[] = [
  { name: 'duplicate port name', spec: se({ ports: [HTTP, { number: 8080, name: 'http', protocol: 'HTTP' }] }), errors: [['spec.ports[1].name', 'service entry port name "http" already defined']] },
  { name: 'duplicate port number', spec: se({ ports: [HTTP, { number: 80, name: 'http-alt', protocol: 'HTTP' }] }), errors: [['spec.ports[1].number', 'service entry port 80 already defined']] },
  { name: 'port number 0', spec: se({ ports: [{ number: 0, name: 'http', protocol: 'HTTP' }] }), errors: [['spec.ports[0].number', 'port number 0 must be in the range 1..65535']] },
  { name: 'port number 65536', spec: se({ ports: [{ number: 65536, name: 'http', protocol: 'HTTP' }] }), errors: [['spec.ports[0].number', 'port number 65536 must be in the range 1..65535']] },
  { name: 'targetPort 70000', spec: se({ ports: [{ number: 80, name: 'http', protocol: 'HTTP', targetPort: 70000 }] }), errors: [['spec.ports[0].targetPort', 'port number 70000']] },
  { name: 'invalid port name', spec: se({ ports: [{ number: 80, name: 'HTTP_PORT', protocol: 'HTTP' }] }), errors: [['spec.ports[0].name', 'invalid port name: HTTP_PORT']] },
  { name: 'empty port name', spec: se({ ports: [{ number: 80, name: '', protocol: 'HTTP' }] }), errors: [['spec.ports[0].name', 'invalid port name: ']] },
  { name: 'unsupported protocol', spec: se({ ports: [{ number: 80, name: 'http', protocol: 'HTTP3' }] }), errors: [['spec.ports[0].protocol', 'unsupported protocol: HTTP3', 'HTTP3']] },
  { name: 'TCP port without addresses (NONE)', spec: { hosts: ['db.example.com'], ports: [TCP] }, warnings: [['spec.ports[0].protocol', TCP_NO_ADDR, 'protocol: TCP']] },
  { name: 'unset protocol without addresses (NONE)', spec: { hosts: ['db.example.com'], ports: [{ number: 5432, name: 'pg' }] }, warnings: [['spec.ports[0].protocol', TCP_NO_ADDR, 'number: 5432']] },
  {
    name: 'TCP without addresses when auto-allocation is disabled by label',
    yaml: 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: x\n  labels:\n    networking.istio.io/enable-autoallocate-ip: "false"\nspec:\n  hosts: [db.example.com]\n  resolution: DNS\n  ports:\n  - {number: 3306, name: tcp, protocol: TCP}\n',
    warnings: [['spec.ports[0].protocol', TCP_NO_ADDR]],
  },
  { name: 'several hosts with a TCP port', spec: { hosts: ['a.example.com', 'b.example.com'], addresses: ['10.0.0.1'], ports: [TCP], resolution: 'DNS' }, errors: [['spec.ports[0]', 'multiple hosts provided with non-HTTP, non-TLS ports']], warnings: [['spec.hosts', 'more than one host specified simultaneously with address and tcp port']] },
  { name: 'several hosts with an unset protocol', spec: { hosts: ['a.example.com', 'b.example.com'], ports: [{ number: 80, name: 'web' }], resolution: 'DNS' }, errors: [['spec.ports[0]', 'port 80 is unset']] },
  { name: 'several hosts with TCP and NONE', spec: { hosts: ['a.example.com', 'b.example.com'], addresses: ['10.0.0.1'], ports: [TCP] } },
];

const resolution: Case[] = [
  { name: 'NONE with endpoints', spec: se({ resolution: 'NONE', endpoints: [{ address: '1.1.1.1' }] }), errors: [['spec.endpoints', 'no endpoints should be provided for resolution type none']] },
  { name: 'unset resolution with endpoints', spec: { hosts: ['a.com'], ports: [HTTP], endpoints: [{ address: '1.1.1.1' }] }, errors: [['spec.endpoints', 'no endpoints should be provided for resolution type none']] },
  { name: 'NONE with workloadSelector', spec: { hosts: ['a.com'], ports: [HTTP], workloadSelector: { labels: { app: 'a' } } }, warnings: [['spec.workloadSelector', 'workloadSelector should not be set when resolution mode is NONE']] },
  { name: 'STATIC without endpoints', spec: { hosts: ['a.com'], addresses: ['10.0.0.1'], ports: [HTTP], resolution: 'STATIC' }, warnings: [['spec.resolution', 'resolution STATIC without endpoints or workloadSelector']] },
  { name: 'STATIC with host name endpoint', spec: stat([{ address: 'db.example.com' }]), errors: [['spec.endpoints[0].address', 'endpoint address "db.example.com" is not a valid IP address', 'db.example.com']] },
  { name: 'STATIC endpoint without address', spec: stat([{ labels: { a: 'b' } }]), errors: [['spec.endpoints[0].address', 'address is required']] },
  { name: 'STATIC endpoint port not declared', spec: stat([{ address: '10.0.0.1', ports: { http: 8080 } }]), errors: [['spec.endpoints[0].ports.http', 'endpoint port 8080 (http) is not defined by the service entry; use one of its port names: tcp-mysql']] },
  { name: 'STATIC endpoint port 0', spec: stat([{ address: '10.0.0.1', ports: { 'tcp-mysql': 0 } }]), errors: [['spec.endpoints[0].ports.tcp-mysql', 'port number 0 must be in the range 1..65535']] },
  { name: 'STATIC endpoint labels invalid', spec: stat([{ address: '10.0.0.1', labels: { 'a b': 'c' } }]), errors: [['spec.endpoints[0].labels.a b', 'invalid label key "a b"']] },
  { name: 'STATIC unix endpoint with ports', spec: { hosts: ['u.local'], ports: [HTTP], resolution: 'STATIC', endpoints: [{ address: 'unix:///a.sock', ports: { http: 80 } }] }, errors: [['spec.endpoints[0].ports', 'unix endpoint unix:///a.sock must not include ports']] },
  { name: 'STATIC unix endpoint relative path', spec: { hosts: ['u.local'], ports: [HTTP], resolution: 'STATIC', endpoints: [{ address: 'unix://a.sock' }] }, errors: [['spec.endpoints[0].address', 'a.sock is not an absolute path to a file']] },
  { name: 'STATIC unix endpoint directory', spec: { hosts: ['u.local'], ports: [HTTP], resolution: 'STATIC', endpoints: [{ address: 'unix:///run/' }] }, errors: [['spec.endpoints[0].address', '/run/ is not an absolute path to a file']] },
  { name: 'STATIC unix endpoint empty', spec: { hosts: ['u.local'], ports: [HTTP], resolution: 'STATIC', endpoints: [{ address: 'unix://' }] }, errors: [['spec.endpoints[0].address', 'unix address must not be empty']] },
  { name: 'STATIC unix endpoint with two service ports', spec: { hosts: ['u.local'], ports: [HTTP, HTTPS], resolution: 'STATIC', endpoints: [{ address: 'unix:///a.sock' }] }, errors: [['spec.endpoints[0].address', 'exactly 1 service port required for unix endpoints']] },
  { name: 'DNS endpoint invalid name', spec: se({ endpoints: [{ address: 'bad_name.example.com' }] }), errors: [['spec.endpoints[0].address', 'endpoint address "bad_name.example.com" is not a valid FQDN or an IP address']] },
  { name: 'DNS endpoint wildcard', spec: se({ endpoints: [{ address: '*.example.com' }] }), errors: [['spec.endpoints[0].address', 'is not a valid FQDN or an IP address']] },
  { name: 'DNS endpoint Unix socket', spec: se({ endpoints: [{ address: 'unix:///a.sock' }] }), errors: [['spec.endpoints[0].address', 'DNS resolution cannot be used with Unix domain socket endpoints']] },
  { name: 'DNS endpoint without address', spec: se({ endpoints: [{ network: 'n1' }] }), errors: [['spec.endpoints[0].address', 'DNS resolution needs a host name or IP']] },
  { name: 'DNS endpoint port not declared', spec: se({ endpoints: [{ address: 'a.example.com', ports: { grpc: 9000 } }] }), errors: [['spec.endpoints[0].ports.grpc', 'is not defined by the service entry']] },
  { name: 'DNS endpoint invalid port name', spec: se({ endpoints: [{ address: 'a.example.com', ports: { Bad_Name: 9000 } }] }), errors: [['spec.endpoints[0].ports.Bad_Name', 'is not defined by the service entry'], ['spec.endpoints[0].ports.Bad_Name', 'invalid port name: Bad_Name']] },
  { name: 'DNS_ROUND_ROBIN with two endpoints', spec: se({ resolution: 'DNS_ROUND_ROBIN', endpoints: [{ address: 'a.example.com' }, { address: 'b.example.com' }] }), errors: [['spec.endpoints', 'there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN']] },
  { name: 'DYNAMIC_DNS with a plain host', spec: dyn({ hosts: ['api.example.com'] }), errors: [['spec.hosts[0]', 'host must be wildcarded for resolution mode DYNAMIC_DNS']] },
  { name: 'DYNAMIC_DNS with addresses', spec: dyn({ addresses: ['10.0.0.1'] }), errors: [['spec.addresses', 'addresses cannot be set for resolution type DYNAMIC_DNS']] },
  { name: 'DYNAMIC_DNS with endpoints', spec: dyn({ endpoints: [{ address: 'a.com' }] }), errors: [['spec.endpoints', 'endpoints cannot be set for resolution type DYNAMIC_DNS']] },
  { name: 'DYNAMIC_DNS with HTTPS port', spec: se({ hosts: ['*.example.com'], resolution: 'DYNAMIC_DNS' }), errors: [['spec.ports[1].protocol', 'only HTTP, TLS, GRPC, and HTTP2 protocols are supported for resolution type DYNAMIC_DNS']] },
  {
    name: 'DYNAMIC_DNS internal with waypoint',
    yaml: 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: x\n  labels:\n    istio.io/use-waypoint: wp\nspec:\n  hosts: ["*.example.com"]\n  location: MESH_INTERNAL\n  resolution: DYNAMIC_DNS\n  ports: [{number: 80, name: http, protocol: HTTP}]\n',
    errors: [['spec.location', 'location MESH_INTERNAL with resolution type DYNAMIC_DNS is not supported when using waypoints']],
  },
];

const selectorAndExport: Case[] = [
  { name: 'selector without labels', spec: { hosts: ['a.com'], ports: [HTTP], resolution: 'STATIC', workloadSelector: {} }, warnings: [['spec.workloadSelector.labels', 'service entry: workload selector specified without labels, will be applied to all services in namespace']] },
  { name: 'selector wildcard key', spec: { hosts: ['a.com'], ports: [HTTP], resolution: 'STATIC', workloadSelector: { labels: { 'app*': 'a' } } }, errors: [['spec.workloadSelector.labels.app*', 'wildcard is not supported in selector']] },
  { name: 'exportTo ~ with another', spec: se({ exportTo: ['~', 'a'] }), errors: [['spec.exportTo', 'cannot export service entry to no one (~) and someone']] },
  { name: 'exportTo * and .', spec: se({ exportTo: ['*', '.'] }), errors: [['spec.exportTo', 'cannot have both public (*) and non-public exportTo values']] },
  { name: 'exportTo bad entry', spec: se({ exportTo: ['ns/a'] }), errors: [['spec.exportTo[0]', 'only ".", "*", or a valid DNS 1123 label']] },
];

/** Seeds: 002 (egress to Google APIs) and 003 (section 09. ServiceEntry), verbatim. */
const doc = (name: string, spec: string, namespace?: string): string =>
  `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n${spec}\n`;
const SEED_002 = `apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry # Egress相当の役割をもつリソース
metadata:
  name: external-google-api
  namespace: my-app
spec:
  hosts:
  - "*.googleapis.com" # wildcardが使える
  - 169.254.169.254 # metadata.google.internalのIPアドレス
  - "metadata.google.internal" # 併記
  location: MESH_EXTERNAL
  ports:
  - number: 443
    name: https
    protocol: HTTPS
  - number: 80
    name: http
    protocol: HTTP
`;
const RDS = '<DBクラスター名>.cluster-<id>.ap-northeast-1.rds.amazonaws.com';
const NO_HOSTS = ['spec.hosts', 'missing required field "hosts"'] as const;
const seeds: Case[] = [
  { name: '002 external-google-api: the raw IP host is accepted with a warning', yaml: SEED_002, warnings: [['spec.hosts[1]', 'host 169.254.169.254 is an IP address', '169.254.169.254']] },
  {
    name: '002 external-google-api with the IP moved to addresses',
    yaml: SEED_002.replace('  - 169.254.169.254 # metadata.google.internalのIPアドレス\n', '').replace('  location:', '  addresses:\n  - 169.254.169.254\n  location:'),
  },
  {
    name: '003 foo-mysql (L4): "address" is a typo of "addresses"',
    yaml: doc('foo-mysql', '  exportTo:\n    - "*"\n  hosts:\n    - tcp\n  address:\n    - 127.0.0.1/32\n  location: MESH_EXTERNAL\n  ports:\n    - number: 587\n      name: tcp\n      protocol: TCP'),
    errors: [['spec.address', 'unknown field "address" in spec (did you mean "addresses"?)', 'address:']],
  },
  { name: '003 foo-mysql (L4) with addresses spelled right', yaml: doc('foo-mysql', '  exportTo:\n    - "*"\n  hosts:\n    - tcp\n  addresses:\n    - 127.0.0.1/32\n  location: MESH_EXTERNAL\n  ports:\n    - number: 587\n      name: tcp\n      protocol: TCP') },
  {
    name: '003 foo-mysql (L7 RDS): the placeholder host is not a DNS name',
    yaml: doc('foo-mysql', `  exportTo:\n    - "*"\n  hosts:\n    - ${RDS}\n  location: MESH_EXTERNAL\n  ports:\n    - number: 3306\n      name: tcp-mysql\n      protocol: TCP\n  resolution: DNS`),
    errors: [['spec.hosts[0]', 'label "<DBクラスター名>" invalid', RDS]],
  },
  { name: '003 foo-mysql (L7) with a real cluster name', yaml: doc('foo-mysql', '  exportTo:\n    - "*"\n  hosts:\n    - prod.cluster-abc123.ap-northeast-1.rds.amazonaws.com\n  location: MESH_EXTERNAL\n  ports:\n    - number: 3306\n      name: tcp-mysql\n      protocol: TCP\n  resolution: DNS') },
  { name: '003 exportTo fragment', yaml: doc('foo-service-entry', '  exportTo:\n    - "*"'), errors: [NO_HOSTS] },
  { name: '003 hosts foo.com', yaml: doc('foo-service-entry', '  hosts:\n    - foo.com') },
  { name: '003 hosts RDS placeholder', yaml: doc('mysql-service-entry', `  hosts:\n    - ${RDS}`), errors: [['spec.hosts[0]', 'invalid (label "<DBクラスター名>" invalid)']] },
  { name: '003 location MESH_EXTERNAL fragment', yaml: doc('foo-service-entry', '  location: MESH_EXTERNAL'), errors: [NO_HOSTS] },
  { name: '003 location MESH_INTERNAL fragment', yaml: doc('foo-service-entry', '  location: MESH_INTERNAL'), errors: [NO_HOSTS] },
  { name: '003 ports tcp-mysql fragment', yaml: doc('foo-service-entry', '  ports:\n    - name: tcp-mysql\n      number: 3306\n      protocol: TCP'), errors: [NO_HOSTS] },
  { name: '003 ports http/https fragment', yaml: doc('foo-service-entry', '  ports:\n    - name: http\n      number: 80\n      protocol: HTTP\n    - name: https\n      number: 443\n      protocol: HTTPS'), errors: [NO_HOSTS] },
  { name: '003 resolution DNS fragment', yaml: doc('foo-service-entry', '  resolution: DNS'), errors: [NO_HOSTS] },
  { name: '003 ports fragment with a host', yaml: doc('foo-service-entry', '  hosts:\n    - foo.com\n  ports:\n    - name: tcp-mysql\n      number: 3306\n      protocol: TCP'), warnings: [['spec.ports[0].protocol', TCP_NO_ADDR]] },
  { name: '003 resolution DNS with a host', yaml: doc('foo-service-entry', '  hosts:\n    - foo.com\n  resolution: DNS') },
];

runCases('ServiceEntry valid', valid, OPTS);
runCases('ServiceEntry schema', schema, OPTS);
runCases('ServiceEntry hosts', hosts, OPTS);
runCases('ServiceEntry addresses', addresses, OPTS);
runCases('ServiceEntry ports', ports, OPTS);
runCases('ServiceEntry resolution and endpoints', resolution, OPTS);
runCases('ServiceEntry selector and exportTo', selectorAndExport, OPTS);
runCases('ServiceEntry seeds', seeds, OPTS);
