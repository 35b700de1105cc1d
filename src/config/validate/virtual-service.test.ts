/** Table tests of VirtualService rules: hosts, gateways, delegates, TLS/TCP routes, exportTo, unreachable rules, positions. */
import { runCases, type Case } from './case-table.ts';

const route = [{ destination: { host: 'reviews' } }];
const http = [{ route }];
const tls = (sniHosts: string[], extra: object = {}): object[] => [{ match: [{ sniHosts, ...extra }], route }];

const valid: Case[] = [
  { name: 'short name host', spec: { hosts: ['reviews'], http } },
  { name: 'FQDN host', spec: { hosts: ['reviews.default.svc.cluster.local'], http } },
  { name: 'FQDN with a trailing dot', spec: { hosts: ['reviews.default.svc.cluster.local.'], http } },
  { name: 'wildcard host', spec: { hosts: ['*.example.com'], http } },
  { name: 'wildcard label prefix', spec: { hosts: ['*-dev.example.com'], http } },
  { name: 'upper-case host', spec: { hosts: ['Reviews.Example.com'], http } },
  { name: 'IP address host', spec: { hosts: ['10.0.0.1'], http } },
  { name: '* bound to a gateway only', spec: { hosts: ['*'], gateways: ['istio-system/ingress'], http } },
  { name: 'gateways by name, ns/name and mesh', spec: { hosts: ['a.example.com'], gateways: ['gw', 'other-ns/gw-2', 'mesh'], http } },
  { name: 'several distinct hosts', spec: { hosts: ['a.example.com', 'b.example.com', '*.c.example.com'], http } },
  { name: 'delegate VirtualService (no hosts)', spec: { http: [{ match: [{ uri: { prefix: '/a' } }], route }] } },
  { name: 'root with a delegate route', spec: { hosts: ['a.example.com'], gateways: ['gw'], http: [{ match: [{ uri: { prefix: '/a' } }], delegate: { name: 'a-routes', namespace: 'team-a' } }] } },
  { name: 'TLS route with SNI within a wildcard host', spec: { hosts: ['*.googleapis.com'], tls: tls(['storage.googleapis.com'], { port: 443 }) } },
  { name: 'TLS route SNI wildcard within wildcard host', spec: { hosts: ['*.example.com'], tls: tls(['*.a.example.com']) } },
  { name: 'TLS route SNI equal to host', spec: { hosts: ['a.example.com'], tls: tls(['a.example.com'], { destinationSubnets: ['10.0.0.0/8', '10.1.1.1'], sourceLabels: { app: 'x' }, gateways: ['mesh'], sourceNamespace: 'ns' }) } },
  { name: 'TLS route with AUTO_PASSTHROUGH SNI name on a gateway', spec: { hosts: ['*.local'], gateways: ['east-west'], tls: tls(['outbound_.80_._.reviews.default.svc.cluster.local']) } },
  { name: 'TCP route', spec: { hosts: ['db.example.com'], tcp: [{ match: [{ port: 3306, destinationSubnets: ['192.168.0.0/16'], sourceSubnet: '10.0.0.0/8' }], route: [{ destination: { host: 'db', port: { number: 3306 } } }] }] } },
  { name: 'TCP route without match', spec: { hosts: ['db'], tcp: [{ route }] } },
  { name: 'TCP weighted', spec: { hosts: ['db'], tcp: [{ route: [{ destination: { host: 'a' }, weight: 70 }, { destination: { host: 'b' }, weight: 30 }] }] } },
  { name: 'exportTo . and a namespace', spec: { hosts: ['a'], http, exportTo: ['.', 'other'] } },
  { name: 'exportTo *', spec: { hosts: ['a'], http, exportTo: ['*'] } },
  { name: 'snake_case field names', spec: { hosts: ['*.googleapis.com'], tls: [{ match: [{ sni_hosts: ['storage.googleapis.com'], destination_subnets: ['1.2.3.4'] }], route }], export_to: ['.'] } },
  { name: 'v1beta1', apiVersion: 'networking.istio.io/v1beta1', spec: { hosts: ['a'], http } },
  { name: 'http, tls and tcp together', spec: { hosts: ['a.example.com'], http, tls: tls(['a.example.com']), tcp: [{ match: [{ port: 9000 }], route }] } },
  { name: 'last rule without matches', spec: { hosts: ['a'], http: [{ match: [{ uri: { prefix: '/a' } }], route }, { route }] } },
  { name: 'same match with different names counts once per rule', spec: { hosts: ['a'], http: [{ match: [{ name: 'x', uri: { prefix: '/a' } }, { name: 'y', uri: { prefix: '/b' } }], route }] } },
];

const invalid: Case[] = [
  { name: '* bound to the mesh', spec: { hosts: ['*'], http }, errors: [['spec.hosts[0]', 'wildcard host * is not allowed for virtual services bound to the mesh gateway']] },
  { name: '* bound to a gateway and the mesh', spec: { hosts: ['*'], gateways: ['gw', 'mesh'], http }, errors: [['spec.hosts[0]', 'wildcard host * is not allowed for virtual services bound to the mesh gateway']] },
  { name: 'host with an underscore', spec: { hosts: ['foo_bar'], http }, errors: [['spec.hosts[0]', 'domain name "foo_bar" invalid (label "foo_bar" invalid)']] },
  { name: 'wildcard in a later label', spec: { hosts: ['foo.*.com'], http }, errors: [['spec.hosts[0]', 'domain name "*.com" invalid (label "*" invalid)']] },
  { name: 'empty host', spec: { hosts: [''], http }, errors: [['spec.hosts[0]', 'empty domain name not allowed']] },
  { name: 'host too long', spec: { hosts: [`${'a'.repeat(60)}.`.repeat(5) + 'com'], http }, errors: [['spec.hosts[0]', 'too long (max 255)']] },
  { name: 'label too long', spec: { hosts: [`${'a'.repeat(64)}.com`], http }, errors: [['spec.hosts[0]', 'invalid (label']] },
  { name: 'all-numeric top-level domain', spec: { hosts: ['a.123'], http }, errors: [['spec.hosts[0]', 'top level domain "123" cannot be all-numeric']] },
  { name: 'host with a port', spec: { hosts: ['a.com:80'], http }, errors: [['spec.hosts[0]', 'domain name "com:80" invalid (label "com:80" invalid)']] },
  { name: 'host with a scheme', spec: { hosts: ['https://a.com'], http }, errors: [['spec.hosts[0]', 'invalid']] },
  { name: 'duplicate hosts', spec: { hosts: ['a.com', 'a.com'], http }, errors: [['spec.hosts[1]', 'duplicate hosts in virtual service: a.com & a.com']] },
  { name: 'overlapping wildcard hosts', spec: { hosts: ['*.foo.com', 'bar.foo.com'], http }, errors: [['spec.hosts[1]', 'duplicate hosts in virtual service: *.foo.com & bar.foo.com']] },
  { name: 'nested wildcard hosts', spec: { hosts: ['*.com', '*.foo.com'], http }, errors: [['spec.hosts[1]', 'duplicate hosts in virtual service: *.com & *.foo.com']] },
  { name: 'no routes at all', spec: { hosts: ['a'] }, errors: [['spec', 'http, tcp or tls must be provided in virtual service']] },
  { name: 'no spec', yaml: 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x}\n', errors: [['spec', 'http, tcp or tls must be provided in virtual service']] },
  { name: 'hosts is a string', spec: { hosts: 'a.com', http }, errors: [['spec.hosts', 'expected a list, got string "a.com"']] },
  { name: 'delegate with gateways', spec: { gateways: ['gw'], http }, errors: [['spec.gateways', 'delegate virtual service must have no gateways specified']] },
  { name: 'delegate with a TLS route', spec: { http, tls: [{ match: [{ sniHosts: ['a.com'] }], route }] }, errors: [['spec.tls', 'delegate virtual service must have no tls route specified'], ['spec.tls[0].match[0].sniHosts[0]', 'SNI host "a.com" is not a compatible subset of any of the virtual service hosts: []']] },
  { name: 'delegate with a TCP route', spec: { tcp: [{ route }] }, errors: [['spec.tcp', 'delegate virtual service must have no tcp route specified']] },
  { name: 'gateway with empty name', spec: { hosts: ['a'], gateways: ['ns/'], http }, errors: [['spec.gateways[0]', 'config namespace and gateway name cannot be empty'], ['spec.gateways[0]', 'invalid value for gateway name: ""']] },
  { name: 'gateway with an invalid namespace', spec: { hosts: ['a'], gateways: ['Bad_NS/gw'], http }, errors: [['spec.gateways[0]', 'invalid value for namespace: "Bad_NS"']] },
  { name: 'gateway with an invalid name', spec: { hosts: ['a'], gateways: ['gw_1'], http }, errors: [['spec.gateways[0]', 'domain name "gw_1" invalid']] },
  { name: 'gateway with two slashes', spec: { hosts: ['a'], gateways: ['a/b/c'], http }, errors: [['spec.gateways[0]', 'invalid value for gateway name: "b/c"']] },
  { name: 'legacy gateway name.namespace', spec: { hosts: ['a'], gateways: ['gw.istio-system'], http }, warnings: [['spec.gateways[0]', 'using legacy gatewayName format "gw.istio-system"; prefer the <namespace>/<name> format: "istio-system/gw"']] },
  { name: 'TLS route with an empty match list', spec: { hosts: ['a.com'], tls: [{ match: [], route }] }, errors: [['spec.tls[0].match', 'TLS route must have at least one match condition']] },
  { name: 'TLS route without match', spec: { hosts: ['a.com'], tls: [{ route }] }, errors: [['spec.tls[0].match', 'missing required field "match"']] },
  { name: 'TLS match without sniHosts', spec: { hosts: ['a.com'], tls: [{ match: [{ port: 443 }], route }] }, errors: [['spec.tls[0].match[0].sniHosts', 'missing required field "sniHosts"']] },
  { name: 'TLS match with empty sniHosts', spec: { hosts: ['a.com'], tls: tls([]) }, errors: [['spec.tls[0].match[0].sniHosts', 'TLS match must have at least one SNI host']] },
  { name: 'SNI host outside the hosts', spec: { hosts: ['a.com'], tls: tls(['b.com']) }, errors: [['spec.tls[0].match[0].sniHosts[0]', 'SNI host "b.com" is not a compatible subset of any of the virtual service hosts: [a.com]']] },
  { name: 'SNI wildcard wider than the host', spec: { hosts: ['a.example.com'], tls: tls(['*.example.com']) }, errors: [['spec.tls[0].match[0].sniHosts[0]', 'SNI host "*.example.com" is not a compatible subset']] },
  { name: 'SNI host invalid', spec: { hosts: ['a.com'], tls: tls(['a_b.com']) }, errors: [['spec.tls[0].match[0].sniHosts[0]', 'domain name "a_b.com" invalid']] },
  { name: 'SNI host is an IP', spec: { hosts: ['*'], gateways: ['gw'], tls: tls(['10.0.0.1']) }, warnings: [['spec.tls[0].match[0].sniHosts[0]', 'using an IP address ("10.0.0.1") goes against SNI spec']] },
  { name: 'AUTO_PASSTHROUGH SNI name with a bad port', spec: { hosts: ['*.local'], gateways: ['gw'], tls: tls(['outbound_.x_._.a.local']) }, errors: [['spec.tls[0].match[0].sniHosts[0]', 'should follow outbound_.<port>_._.<hostname> format']] },
  { name: 'TLS route without route', spec: { hosts: ['a.com'], tls: [{ match: [{ sniHosts: ['a.com'] }] }] }, errors: [['spec.tls[0].route', 'TLS route is required']] },
  { name: 'TLS destinationSubnets invalid', spec: { hosts: ['a.com'], tls: tls(['a.com'], { destinationSubnets: ['10.0.0.0/33'] }) }, errors: [['spec.tls[0].match[0].destinationSubnets[0]', 'invalid CIDR "10.0.0.0/33"']] },
  { name: 'TLS match port out of range', spec: { hosts: ['a.com'], tls: tls(['a.com'], { port: 65536 }) }, errors: [['spec.tls[0].match[0].port', 'port number 65536 must be in the range 1..65535']] },
  { name: 'TLS sourceSubnet was removed', spec: { hosts: ['a.com'], tls: tls(['a.com'], { sourceSubnet: '10.0.0.0/8' }) }, errors: [['spec.tls[0].match[0].sourceSubnet', 'unknown field "sourceSubnet"']] },
  { name: 'TLS match gateways invalid', spec: { hosts: ['a.com'], tls: tls(['a.com'], { gateways: ['/gw'] }) }, errors: [['spec.tls[0].match[0].gateways[0]', 'config namespace and gateway name cannot be empty'], ['spec.tls[0].match[0].gateways[0]', 'invalid value for namespace: ""']] },
  { name: 'TLS destination host *', spec: { hosts: ['a.com'], tls: [{ match: [{ sniHosts: ['a.com'] }], route: [{ destination: { host: '*' } }] }] }, errors: [['spec.tls[0].route[0].destination.host', 'invalid destination host *']] },
  { name: 'TCP route without route', spec: { hosts: ['db'], tcp: [{ match: [{ port: 3306 }] }] }, errors: [['spec.tcp[0].route', 'TCP route is required']] },
  { name: 'TCP destinationSubnets invalid', spec: { hosts: ['db'], tcp: [{ match: [{ destinationSubnets: ['300.0.0.1'] }], route }] }, errors: [['spec.tcp[0].match[0].destinationSubnets[0]', 'invalid IP address "300.0.0.1"']] },
  { name: 'TCP sourceSubnet invalid', spec: { hosts: ['db'], tcp: [{ match: [{ sourceSubnet: 'abc' }], route }] }, errors: [['spec.tcp[0].match[0].sourceSubnet', 'invalid IP address "abc"']] },
  { name: 'TCP sourceLabels bad value', spec: { hosts: ['db'], tcp: [{ match: [{ sourceLabels: { app: 'a b' } }], route }] }, errors: [['spec.tcp[0].match[0].sourceLabels.app', 'invalid label value "a b"']] },
  { name: 'TCP weights all zero', spec: { hosts: ['db'], tcp: [{ route: [{ destination: { host: 'a' }, weight: 0 }, { destination: { host: 'b' }, weight: 0 }] }] }, errors: [['spec.tcp[0].route', 'total destination weight = 0']] },
  { name: 'TCP weight negative', spec: { hosts: ['db'], tcp: [{ route: [{ destination: { host: 'a' }, weight: -5 }] }] }, errors: [['spec.tcp[0].route[0].weight', 'weight -5 < 0']] },
  { name: 'TCP destination port out of range', spec: { hosts: ['db'], tcp: [{ route: [{ destination: { host: 'a', port: { number: 99999 } } }] }] }, errors: [['spec.tcp[0].route[0].destination.port.number', 'port number 99999 must be in the range 1..65535']] },
  { name: 'TCP destination with headers', spec: { hosts: ['db'], tcp: [{ route: [{ destination: { host: 'a' }, headers: {} }] }] }, errors: [['spec.tcp[0].route[0].headers', 'unknown field "headers"']] },
  { name: 'exportTo duplicate', spec: { hosts: ['a'], http, exportTo: ['ns1', 'ns1'] }, errors: [['spec.exportTo[1]', 'duplicate entries in exportTo for entry ns1']] },
  { name: 'exportTo . and own namespace', namespace: 'team', spec: { hosts: ['a'], http, exportTo: ['team', '.'] }, errors: [['spec.exportTo[1]', 'duplicate entries in exportTo: . and current namespace team']] },
  { name: 'exportTo * with others', spec: { hosts: ['a'], http, exportTo: ['*', 'ns1'] }, errors: [['spec.exportTo', 'cannot have both public (*) and non-public exportTo values']] },
  { name: 'exportTo ~', spec: { hosts: ['a'], http, exportTo: ['~'] }, errors: [['spec.exportTo[0]', 'exportTo ~ (none) is not allowed']] },
  { name: 'exportTo invalid namespace', spec: { hosts: ['a'], http, exportTo: ['Bad_NS'] }, errors: [['spec.exportTo[0]', 'got "Bad_NS"']] },
  { name: 'two rules without matches', spec: { hosts: ['a'], http: [{ route }, { route }] }, warnings: [['spec.http[1]', 'virtualService rule #1 not used (only the last rule can have no matches)']] },
  { name: 'rule after a catch-all', spec: { hosts: ['a'], http: [{ name: 'all', route }, { name: 'late', match: [{ uri: { prefix: '/a' } }], route }] }, warnings: [['spec.http[1]', 'virtualService rule "late" not used (route without matches defined before)']] },
  {
    name: 'duplicate match in a later rule',
    spec: { hosts: ['a'], http: [{ match: [{ uri: { prefix: '/a' } }], route }, { match: [{ name: 'n', uri: { prefix: '/a' } }, { uri: { prefix: '/b' } }], route }] },
    warnings: [['spec.http[1].match[0]', 'virtualService rule #1 match "n" is not used (duplicate/overlapping match in rule #0)']],
  },
  {
    name: 'every match of a rule used before',
    spec: { hosts: ['a'], http: [{ match: [{ uri: { exact: '/a' } }], route }, { match: [{ uri: { exact: '/a' } }], route }] },
    warnings: [['spec.http[1].match[0]', 'match #0 is not used (duplicate/overlapping match in rule #0)'], ['spec.http[1]', 'virtualService rule #1 not used (all matches used by prior rules)']],
  },
  { name: 'duplicate TCP match', spec: { hosts: ['db'], tcp: [{ match: [{ port: 1 }], route }, { match: [{ port: 1 }], route }] }, warnings: [['spec.tcp[1].match[0]', 'is not used'], ['spec.tcp[1]', 'all matches used by prior rules']] },
  { name: 'v1alpha3 is deprecated', apiVersion: 'networking.istio.io/v1alpha3', spec: { hosts: ['a'], http }, warnings: [['apiVersion', 'networking.istio.io/v1alpha3 VirtualService is deprecated; use networking.istio.io/v1']] },
  { name: 'v2 is not served', apiVersion: 'networking.istio.io/v2', spec: { hosts: ['a'], http }, errors: [['', 'is not served at version "v2"']] },
];

/** Positions: each diagnostic points at the line of the offending value. */
const positions: Case[] = [
  {
    name: 'weight position',
    yaml: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: p
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
      weight: -3
`,
    errors: [['spec.http[0].route[0].weight', 'weight -3 < 0', 'weight: -3']],
  },
  {
    name: 'host and regex positions',
    yaml: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: p
spec:
  hosts:
  - reviews
  - "*"
  http:
  - match:
    - uri:
        regex: "/a("
    route:
    - destination:
        host: bad_host
`,
    errors: [
      ['spec.hosts[1]', 'wildcard host *', '- "*"'],
      ['spec.http[0].match[0].uri', 'not a valid RE2', 'regex: "/a("'],
      ['spec.http[0].route[0].destination.host', 'domain name "bad_host" invalid', 'host: bad_host'],
    ],
  },
  {
    name: 'retryOn and header positions',
    yaml: `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: p
spec:
  hosts: [reviews]
  http:
  - match:
    - headers:
        "x a":
          exact: v
    retries:
      attempts: 2
      retryOn: 5xx,nope
    route:
    - destination: {host: reviews}
`,
    errors: [
      ['spec.http[0].match[0].headers.x a', 'header name x a is not a valid header name', 'exact: v'],
      ['spec.http[0].retries.retryOn', '"nope" is not a valid retryOn policy', 'retryOn: 5xx,nope'],
    ],
  },
];

const o = { kind: 'VirtualService', apiVersion: 'networking.istio.io/v1' };
runCases('VirtualService valid', valid, o);
runCases('VirtualService invalid', invalid, o);
runCases('VirtualService positions', positions, o);
