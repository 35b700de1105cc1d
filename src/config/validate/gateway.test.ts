/** Table tests of Gateway rules (gateway.ts, server-tls.ts). */
import { runCases, type Case } from './case-table.ts';

const http = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] };
const https = (tls: object, extra: object = {}): object => ({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['a.example.com'], tls, ...extra });
const gw = (...servers: object[]): object => ({ selector: { istio: 'ingressgateway' }, servers });
const files = { serverCertificate: '/etc/certs/tls.crt', privateKey: '/etc/certs/tls.key' };
const S = 'spec.servers[0]';

const valid: Case[] = [
  { name: 'HTTP server on *', spec: gw(http) },
  { name: 'HTTP server with FQDN hosts (seed 001)', spec: gw({ ...http, hosts: ['httpbin.local'] }) },
  { name: 'HTTPS SIMPLE with files (seed 000)', spec: gw(https({ mode: 'SIMPLE', ...files }, { hosts: ['my-app1.example.com', 'my-app2.example.com'] })) },
  { name: 'HTTPS SIMPLE with credentialName', spec: gw(https({ mode: 'SIMPLE', credentialName: 'gw-cert' })) },
  { name: 'HTTPS SIMPLE with credentialNames', spec: gw(https({ mode: 'SIMPLE', credentialNames: ['rsa', 'ecdsa'] })) },
  { name: 'HTTPS SIMPLE with tlsCertificates', spec: gw(https({ mode: 'SIMPLE', tlsCertificates: [files, files] })) },
  { name: 'HTTPS MUTUAL with files and CA', spec: gw(https({ mode: 'MUTUAL', ...files, caCertificates: '/etc/certs/ca.crt', caCrl: '/etc/certs/crl.pem' })) },
  { name: 'HTTPS MUTUAL with credentialName', spec: gw(https({ mode: 'MUTUAL', credentialName: 'gw-cert' })) },
  { name: 'HTTPS MUTUAL with caCertCredentialName', spec: gw(https({ mode: 'MUTUAL', ...files, caCertCredentialName: 'gw-ca' })) },
  { name: 'HTTPS OPTIONAL_MUTUAL with credentialName', spec: gw(https({ mode: 'OPTIONAL_MUTUAL', credentialName: 'c' })) },
  { name: 'HTTPS PASSTHROUGH', spec: gw(https({ mode: 'PASSTHROUGH' })) },
  { name: 'TLS AUTO_PASSTHROUGH', spec: gw({ port: { number: 15443, name: 'tls', protocol: 'TLS' }, hosts: ['*.local'], tls: { mode: 'AUTO_PASSTHROUGH' } }) },
  { name: 'TLS ISTIO_MUTUAL', spec: gw({ port: { number: 15443, name: 'tls', protocol: 'TLS' }, hosts: ['*'], tls: { mode: 'ISTIO_MUTUAL' } }) },
  { name: 'HTTP with httpsRedirect', spec: gw({ ...http, tls: { httpsRedirect: true } }) },
  { name: 'two servers with distinct port names', spec: gw(http, https({ mode: 'SIMPLE', credentialName: 'c' })) },
  { name: 'namespace/host forms', spec: gw({ ...http, hosts: ['*/a.example.com', './b.example.com', 'ns1/*.c.example.com', 'ns-2/*'] }) },
  { name: 'IP as a host', spec: gw({ ...http, hosts: ['10.0.0.1'] }) },
  { name: 'protocol names are case-insensitive', spec: gw({ port: { number: 80, name: 'http', protocol: 'http' }, hosts: ['*'] }) },
  { name: 'TCP, GRPC and MONGO servers', spec: gw(...['TCP', 'GRPC', 'MONGO'].map((protocol, i) => ({ port: { number: 9000 + i, name: `p${i}`, protocol }, hosts: ['*'] }))) },
  { name: 'bind to an IP', spec: gw({ ...http, bind: '10.0.0.5' }) },
  { name: 'bind to a unix socket with port 0', spec: gw({ port: { number: 0, name: 'uds', protocol: 'HTTP' }, hosts: ['*'], bind: 'unix:///var/run/gw.sock' }) },
  { name: 'bind to an abstract unix socket', spec: gw({ port: { number: 0, name: 'uds', protocol: 'HTTP' }, hosts: ['*'], bind: 'unix://@gw' }) },
  { name: 'TLS versions and ciphers', spec: gw(https({ mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_2', maxProtocolVersion: 'TLSV1_3', cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384', '-AES128-SHA'] })) },
  { name: 'server name and defaultEndpoint', spec: gw({ ...http, name: 'main', defaultEndpoint: '127.0.0.1:8080' }) },
  { name: 'no selector', spec: { servers: [http] } },
  { name: 'snake_case TLS fields', spec: gw(https({ mode: 'SIMPLE', server_certificate: '/a', private_key: '/b' })) },
];

const invalid: Case[] = [
  { name: 'no servers', spec: { selector: { istio: 'ingressgateway' } }, errors: [['spec.servers', 'gateway must have at least one server']] },
  { name: 'empty server list', spec: gw(), errors: [['spec.servers', 'gateway must have at least one server']] },
  { name: 'server without port', spec: gw({ hosts: ['*'] }), errors: [[`${S}.port`, 'missing required field "port"']] },
  { name: 'server without hosts', spec: gw({ port: http.port }), errors: [[`${S}.hosts`, 'missing required field "hosts"']] },
  { name: 'port without name', spec: gw({ port: { number: 80, protocol: 'HTTP' }, hosts: ['*'] }), errors: [[`${S}.port.name`, 'missing required field "name"']] },
  { name: 'port without protocol', spec: gw({ port: { number: 80, name: 'http' }, hosts: ['*'] }), errors: [[`${S}.port.protocol`, 'missing required field "protocol"']] },
  { name: 'port without number', spec: gw({ port: { name: 'http', protocol: 'HTTP' }, hosts: ['*'] }), errors: [[`${S}.port.number`, 'missing required field "number"']] },
  { name: 'empty hosts', spec: gw({ ...http, hosts: [] }), errors: [[`${S}.hosts`, 'server config must contain at least one host']] },
  { name: 'short name host', spec: gw({ ...http, hosts: ['foo'] }), errors: [[`${S}.hosts[0]`, 'short names (non FQDN) are not allowed']] },
  { name: 'partial wildcard host', spec: gw({ ...http, hosts: ['*foo.example.com'] }), errors: [[`${S}.hosts[0]`, 'partial wildcard "*foo.example.com" not allowed']] },
  { name: 'invalid host label', spec: gw({ ...http, hosts: ['a_b.example.com'] }), errors: [[`${S}.hosts[0]`, 'domain name "a_b.example.com" invalid']] },
  { name: 'invalid namespace in host', spec: gw({ ...http, hosts: ['Bad_NS/a.example.com'] }), errors: [[`${S}.hosts[0]`, 'invalid namespace value "Bad_NS" in gateway']] },
  { name: '~ namespace in host', spec: gw({ ...http, hosts: ['~/a.example.com'] }), errors: [[`${S}.hosts[0]`, 'invalid namespace value "~" in gateway']] },
  { name: 'empty namespace in host', spec: gw({ ...http, hosts: ['/a.example.com'] }), errors: [[`${S}.hosts[0]`, 'config namespace and dnsName in host entry cannot be empty'], [`${S}.hosts[0]`, 'invalid namespace value "" in gateway']] },
  { name: 'empty dnsName in host', spec: gw({ ...http, hosts: ['ns/'] }), errors: [[`${S}.hosts[0]`, 'config namespace and dnsName in host entry cannot be empty']] },
  { name: 'short name after namespace', spec: gw({ ...http, hosts: ['ns/foo'] }), errors: [[`${S}.hosts[0]`, 'short names (non FQDN) are not allowed']] },
  { name: 'unknown protocol', spec: gw({ port: { number: 80, name: 'http', protocol: 'HTTP3' }, hosts: ['*'] }), errors: [[`${S}.port.protocol`, 'invalid protocol "HTTP3", supported protocols are HTTP, HTTPS']] },
  { name: 'port number 0', spec: gw({ port: { number: 0, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }), errors: [[`${S}.port.number`, 'port number 0 must be in the range 1..65535']] },
  { name: 'port number 65536', spec: gw({ port: { number: 65536, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }), errors: [[`${S}.port.number`, 'port number 65536 must be in the range 1..65535']] },
  { name: 'port number negative', spec: gw({ port: { number: -1, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }), errors: [[`${S}.port.number`, '-1 is out of range [0, 4294967295]']] },
  { name: 'port number as a string', spec: gw({ port: { number: '80', name: 'http', protocol: 'HTTP' }, hosts: ['*'] }), errors: [[`${S}.port.number`, 'expected an integer, got string "80"']] },
  { name: 'empty port name', spec: gw({ port: { number: 80, name: '', protocol: 'HTTP' }, hosts: ['*'] }), errors: [[`${S}.port.name`, 'port name must be set']] },
  {
    name: 'targetPort on a gateway',
    spec: gw({ port: { number: 80, name: 'http', protocol: 'HTTP', targetPort: 8080 }, hosts: ['*'] }),
    errors: [[`${S}.port.targetPort`, 'targetPort has no impact on Gateways']],
    warnings: [[`${S}.port.targetPort`, 'targetPort is deprecated']],
  },
  { name: 'duplicate port names', spec: gw(http, { ...http, port: { ...http.port, number: 8080 } }), errors: [['spec.servers[1].port.name', 'port names in servers must be unique: duplicate name http']] },
  { name: 'bind not an IP', spec: gw({ ...http, bind: 'localhost' }), errors: [[`${S}.bind`, 'localhost is not a valid IP']] },
  { name: 'unix bind with a port number', spec: gw({ ...http, bind: 'unix:///var/run/gw.sock' }), errors: [[`${S}.port.number`, 'port number must be 0 for unix domain socket: 80']] },
  { name: 'unix bind relative path', spec: gw({ port: { number: 0, name: 'uds', protocol: 'HTTP' }, hosts: ['*'], bind: 'unix://gw.sock' }), errors: [[`${S}.bind`, 'gw.sock is not an absolute path to a file']] },
  { name: 'unix bind empty path', spec: gw({ port: { number: 0, name: 'uds', protocol: 'HTTP' }, hosts: ['*'], bind: 'unix://' }), errors: [[`${S}.bind`, 'unix address must not be empty']] },
  { name: 'HTTPS without tls', spec: gw({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'] }), errors: [[`${S}.tls`, 'server must have TLS settings for HTTPS/TLS protocols']] },
  { name: 'TLS without tls', spec: gw({ port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: ['*'] }), errors: [[`${S}.tls`, 'server must have TLS settings for HTTPS/TLS protocols']] },
  { name: 'HTTP with SIMPLE tls', spec: gw({ ...http, tls: { mode: 'SIMPLE', credentialName: 'c' } }), errors: [[`${S}.tls`, 'server cannot have TLS settings for plain text HTTP ports']] },
  { name: 'HTTP with certificate files', spec: gw({ ...http, tls: { httpsRedirect: true, serverCertificate: '/a' } }), errors: [[`${S}.tls`, 'server cannot have TLS settings for plain text HTTP ports']], warnings: [[`${S}.tls.mode`, 'PASSTHROUGH mode does not use certificates']] },
  { name: 'TCP with tls', spec: gw({ port: { number: 9000, name: 'tcp', protocol: 'TCP' }, hosts: ['*'], tls: { httpsRedirect: true } }), errors: [[`${S}.tls`, 'server cannot have TLS settings for non HTTPS/TLS ports']], warnings: [[`${S}.tls.httpsRedirect`, 'tls.httpsRedirect should only be used with http servers']] },
  { name: 'httpsRedirect on HTTPS', spec: gw(https({ mode: 'SIMPLE', credentialName: 'c', httpsRedirect: true })), warnings: [[`${S}.tls.httpsRedirect`, 'tls.httpsRedirect should only be used with http servers']] },
  { name: 'HTTP with explicit PASSTHROUGH', spec: gw({ ...http, tls: { mode: 'PASSTHROUGH' } }), warnings: [[`${S}.tls.mode`, 'tls.mode PASSTHROUGH has no effect on a plain-text HTTP server']] },
  { name: 'HTTPS with AUTO_PASSTHROUGH', spec: gw(https({ mode: 'AUTO_PASSTHROUGH' })), warnings: [[`${S}.tls.mode`, 'AUTO_PASSTHROUGH is meant for servers with protocol TLS']] },
  { name: 'SIMPLE without certificates', spec: gw(https({ mode: 'SIMPLE' })), errors: [[`${S}.tls.serverCertificate`, 'SIMPLE TLS requires a server certificate'], [`${S}.tls.privateKey`, 'SIMPLE TLS requires a private key']] },
  { name: 'SIMPLE without private key', spec: gw(https({ mode: 'SIMPLE', serverCertificate: '/a' })), errors: [[`${S}.tls.privateKey`, 'SIMPLE TLS requires a private key']] },
  { name: 'SIMPLE without server certificate', spec: gw(https({ mode: 'SIMPLE', privateKey: '/b' })), errors: [[`${S}.tls.serverCertificate`, 'SIMPLE TLS requires a server certificate']] },
  { name: 'MUTUAL without CA', spec: gw(https({ mode: 'MUTUAL', ...files })), errors: [[`${S}.tls.caCertificates`, 'MUTUAL TLS requires a client CA bundle']] },
  { name: 'OPTIONAL_MUTUAL without CA', spec: gw(https({ mode: 'OPTIONAL_MUTUAL', ...files })), errors: [[`${S}.tls.caCertificates`, 'MUTUAL TLS requires a client CA bundle']] },
  { name: 'MUTUAL with nothing', spec: gw(https({ mode: 'MUTUAL' })), errors: [[`${S}.tls.caCertificates`, 'MUTUAL TLS requires a client CA bundle'], [`${S}.tls.serverCertificate`, 'MUTUAL TLS requires a server certificate'], [`${S}.tls.privateKey`, 'MUTUAL TLS requires a private key']] },
  { name: 'two certificate sources', spec: gw(https({ mode: 'SIMPLE', credentialName: 'c', ...files })), errors: [[`${S}.tls`, 'only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified']] },
  { name: 'tlsCertificates missing a key', spec: gw(https({ mode: 'SIMPLE', tlsCertificates: [{ serverCertificate: '/a' }] })), errors: [[`${S}.tls.tlsCertificates[0].privateKey`, 'SIMPLE TLS requires a private key']] },
  { name: 'three tlsCertificates', spec: gw(https({ mode: 'SIMPLE', tlsCertificates: [files, files, files] })), errors: [[`${S}.tls.tlsCertificates`, 'tlsCertificates can have at most 2 entries']] },
  { name: 'three credentialNames', spec: gw(https({ mode: 'SIMPLE', credentialNames: ['a', 'b', 'c'] })), errors: [[`${S}.tls.credentialNames`, 'credentialNames can have at most 2 entries']] },
  { name: 'ISTIO_MUTUAL with a certificate', spec: gw(https({ mode: 'ISTIO_MUTUAL', serverCertificate: '/a' })), errors: [[`${S}.tls.serverCertificate`, 'ISTIO_MUTUAL TLS cannot have associated server certificate']] },
  { name: 'ISTIO_MUTUAL with a credentialName', spec: gw(https({ mode: 'ISTIO_MUTUAL', credentialName: 'c' })), errors: [[`${S}.tls.credentialName`, 'ISTIO_MUTUAL TLS cannot have associated credentialName']] },
  { name: 'ISTIO_MUTUAL with a CA', spec: gw(https({ mode: 'ISTIO_MUTUAL', caCertificates: '/ca' })), errors: [[`${S}.tls.caCertificates`, 'ISTIO_MUTUAL TLS cannot have associated CA bundle']] },
  { name: 'PASSTHROUGH with a credential', spec: gw(https({ mode: 'PASSTHROUGH', credentialName: 'c' })), warnings: [[`${S}.tls.mode`, 'PASSTHROUGH mode does not use certificates, they will be ignored']] },
  { name: 'CRL with credentialName', spec: gw(https({ mode: 'MUTUAL', credentialName: 'c', caCrl: '/crl' })), errors: [[`${S}.tls.caCrl`, 'CRL is not supported with credentialName']] },
  { name: 'CRL with SIMPLE', spec: gw(https({ mode: 'SIMPLE', ...files, caCrl: '/crl' })), errors: [[`${S}.tls.caCrl`, 'CRL is not supported with SIMPLE TLS']] },
  { name: 'TLS 1.0 without ciphers', spec: gw(https({ mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_0' })), warnings: [[`${S}.tls.minProtocolVersion`, 'TLS version below TLSV1_2 require setting compatible ciphers']] },
  { name: 'unknown cipher suite', spec: gw(https({ mode: 'SIMPLE', credentialName: 'c', cipherSuites: ['NOPE-CIPHER'] })), warnings: [[`${S}.tls.cipherSuites`, 'ignoring invalid cipher suites: [NOPE-CIPHER]']] },
  { name: 'duplicate cipher suite', spec: gw(https({ mode: 'SIMPLE', credentialName: 'c', cipherSuites: ['AES128-SHA', 'AES128-SHA'] })), warnings: [[`${S}.tls.cipherSuites`, 'ignoring duplicate cipher suites: [AES128-SHA]']] },
  { name: 'max below min version', spec: gw(https({ mode: 'SIMPLE', credentialName: 'c', minProtocolVersion: 'TLSV1_3', maxProtocolVersion: 'TLSV1_2' })), errors: [[`${S}.tls.maxProtocolVersion`, 'maxProtocolVersion TLSV1_2 is below minProtocolVersion TLSV1_3']] },
  { name: 'unknown TLS mode', spec: gw(https({ mode: 'STRICT' })), errors: [[`${S}.tls.mode`, 'unknown value "STRICT"']] },
  { name: 'unknown TLS field', spec: gw(https({ mode: 'SIMPLE', credentialName: 'c', credentialname: 'd' })), errors: [[`${S}.tls.credentialname`, 'unknown field "credentialname"']] },
  { name: 'gateway name with a dot', yaml: 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: a.b}\nspec:\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n', errors: [['metadata.name', 'invalid gateway name: "a.b"']] },
  { name: 'v1alpha3 is deprecated', apiVersion: 'networking.istio.io/v1alpha3', spec: gw(http), warnings: [['apiVersion', 'v1alpha3 Gateway is deprecated']] },
];

const positions: Case[] = [
  {
    name: 'positions of server problems',
    yaml: `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: g
spec:
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "bad_host.example.com"
    tls:
      mode: MUTUAL
      credentialName: c
      caCrl: /crl.pem
`,
    errors: [
      ['spec.servers[0].hosts[0]', 'domain name "bad_host.example.com" invalid', '- "bad_host.example.com"'],
      ['spec.servers[0].tls.caCrl', 'CRL is not supported with credentialName', 'caCrl: /crl.pem'],
    ],
  },
];

const o = { kind: 'Gateway', apiVersion: 'networking.istio.io/v1' };
runCases('Gateway valid', valid, o);
runCases('Gateway invalid', invalid, o);
runCases('Gateway positions', positions, o);
