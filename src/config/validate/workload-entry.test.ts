/** Table tests of WorkloadEntry: schema and Istio's admission rules (workload-entry.ts), through loadText. */
import { runCases, type Case } from './case-table.ts';

const OPTS = { kind: 'WorkloadEntry', apiVersion: 'networking.istio.io/v1', ignoreWarnings: ['is deprecated; use networking.istio.io/v1'] };
const we = (extra: object = {}): object => ({ address: '10.0.0.5', ...extra });

const valid: Case[] = [
  { name: 'IPv4 address', spec: we() },
  { name: 'IPv6 address', spec: { address: '2001:db8::5' } },
  { name: 'host name address', spec: { address: 'vm1.example.com' } },
  { name: 'short host name address', spec: { address: 'vm1' } },
  { name: 'Unix socket', spec: { address: 'unix:///var/run/app.sock' } },
  { name: 'abstract Unix socket', spec: { address: 'unix://@app' } },
  {
    name: 'every field',
    spec: we({ ports: { http: 8080, 'grpc-api': 9090 }, labels: { app: 'ratings', version: 'v1', 'topology.istio.io/network': 'vm-net' }, network: 'vm-net', locality: 'us-east/z1/r11', weight: 5, serviceAccount: 'ratings' }),
  },
  { name: 'port 65535 and weight 0', spec: we({ ports: { tcp: 65535 }, weight: 0 }) },
  { name: 'empty label value', spec: we({ labels: { canary: '' } }) },
  { name: 'snake_case serviceAccount', spec: we({ service_account: 'sa' }) },
  { name: 'v1beta1', apiVersion: 'networking.istio.io/v1beta1', spec: we() },
  { name: 'v1alpha3', apiVersion: 'networking.istio.io/v1alpha3', spec: we() },
];

const invalid: Case[] = [
  { name: 'no spec', yaml: 'apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata:\n  name: vm\n', errors: [['spec', 'spec is required']] },
  { name: 'empty spec', spec: {}, errors: [['spec.address', 'address is required']] },
  { name: 'empty address', spec: { address: '' }, errors: [['spec.address', 'address is required']] },
  { name: 'labels without address', spec: { labels: { app: 'a' } }, errors: [['spec.address', 'it may be left out only when network is set']] },
  { name: 'network without address', spec: { network: 'remote-net' }, warnings: [['spec.address', 'address is unset with network "remote-net"', 'network: remote-net']] },
  { name: 'invalid host name', spec: { address: 'vm_1.example.com' }, errors: [['spec.address', 'endpoint address "vm_1.example.com" is not a valid FQDN or an IP address', 'vm_1']] },
  { name: 'wildcard host name', spec: { address: '*.example.com' }, errors: [['spec.address', 'is not a valid FQDN or an IP address']] },
  { name: 'address with port', spec: { address: '10.0.0.5:8080' }, errors: [['spec.address', 'is not a valid FQDN or an IP address']] },
  { name: 'invalid IPv4', spec: { address: '10.0.0.300' }, errors: [['spec.address', 'endpoint address "10.0.0.300" is not a valid FQDN or an IP address']] },
  { name: 'address with scheme', spec: { address: 'http://vm1' }, errors: [['spec.address', 'is not a valid FQDN or an IP address']] },
  { name: 'Unix socket relative path', spec: { address: 'unix://run/app.sock' }, errors: [['spec.address', 'run/app.sock is not an absolute path to a file']] },
  { name: 'Unix socket directory', spec: { address: 'unix:///run/' }, errors: [['spec.address', 'is not an absolute path to a file']] },
  { name: 'Unix socket empty', spec: { address: 'unix://' }, errors: [['spec.address', 'unix address must not be empty']] },
  { name: 'Unix socket with ports', spec: { address: 'unix:///a.sock', ports: { http: 80 } }, errors: [['spec.ports', 'unix endpoint unix:///a.sock must not include ports']] },
  { name: 'address too long', spec: { address: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(10)}.com` }, errors: [['spec.address', 'the maximum is 256'], ['spec.address', 'is not a valid FQDN']] },
  { name: 'port 0', spec: we({ ports: { http: 0 } }), errors: [['spec.ports.http', 'port number 0 must be in the range 1..65535', 'http: 0']] },
  { name: 'port 65536', spec: we({ ports: { http: 65536 } }), errors: [['spec.ports.http', 'port number 65536 must be in the range 1..65535']] },
  { name: 'negative port', spec: we({ ports: { http: -80 } }), errors: [['spec.ports.http', 'out of range [0, 4294967295]']] },
  { name: 'port as string', spec: we({ ports: { http: '80' } }), errors: [['spec.ports.http', 'expected an integer, got string "80"']] },
  { name: 'invalid port name', spec: we({ ports: { HTTP_Port: 80 } }), errors: [['spec.ports.HTTP_Port', 'invalid port name: HTTP_Port']] },
  { name: 'port name with dot', spec: we({ ports: { 'http.alt': 80 } }), errors: [['spec.ports.http.alt', 'invalid port name: http.alt']] },
  { name: 'invalid label key', spec: we({ labels: { '-app': 'a' } }), errors: [['spec.labels.-app', 'invalid label key "-app"']] },
  { name: 'invalid label value', spec: we({ labels: { app: 'my app' } }), errors: [['spec.labels.app', 'invalid label value "my app"']] },
  { name: 'label value too long', spec: we({ labels: { app: 'a'.repeat(64) } }), errors: [['spec.labels.app', 'must be 63 characters or less']] },
  { name: 'label prefix invalid', spec: we({ labels: { 'Example.com/app': 'a' } }), errors: [['spec.labels.Example.com/app', 'prefix must be a DNS subdomain']] },
  { name: 'negative weight', spec: we({ weight: -1 }), errors: [['spec.weight', 'out of range [0, 4294967295]']] },
  { name: 'weight as string', spec: we({ weight: 'high' }), errors: [['spec.weight', 'expected an integer']] },
  { name: 'typo serviceAcount', spec: we({ serviceAcount: 'sa' }), errors: [['spec.serviceAcount', 'did you mean "serviceAccount"?', 'serviceAcount']] },
  { name: 'typo adress', spec: { adress: '10.0.0.1' }, errors: [['spec.adress', 'did you mean "address"?']] },
  { name: 'ports as list', spec: we({ ports: [80] }), errors: [['spec.ports', 'expected a map']] },
  { name: 'labels value as number', spec: we({ labels: { version: 2 } }), errors: [['spec.labels.version', 'expected a string, got number 2']] },
  { name: 'address as number', spec: { address: 10 }, errors: [['spec.address', 'expected a string']] },
];

runCases('WorkloadEntry valid', valid, OPTS);
runCases('WorkloadEntry invalid', invalid, OPTS);
