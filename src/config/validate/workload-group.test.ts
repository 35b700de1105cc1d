/** Table tests of WorkloadGroup: schema and Istio's admission rules (workload-group.ts), through loadText. */
import { runCases, type Case } from './case-table.ts';

const OPTS = { kind: 'WorkloadGroup', apiVersion: 'networking.istio.io/v1', ignoreWarnings: ['is deprecated; use networking.istio.io/v1'] };
const wg = (extra: object = {}): object => ({ metadata: { labels: { app: 'reviews' } }, template: { ports: { http: 8080 }, serviceAccount: 'reviews' }, ...extra });
const probe = (p: object): object => wg({ probe: p });
const P = 'spec.probe';

const valid: Case[] = [
  { name: 'template only', spec: { template: {} } },
  { name: 'metadata and template', spec: wg() },
  { name: 'metadata annotations', spec: wg({ metadata: { labels: { app: 'a' }, annotations: { 'example.com/owner': 'team-a' } } }) },
  { name: 'template with network and locality', spec: { template: { network: 'vm-net', locality: 'us-east/z1', weight: 2 } } },
  {
    name: 'httpGet probe',
    spec: probe({ initialDelaySeconds: 5, timeoutSeconds: 3, periodSeconds: 4, successThreshold: 3, failureThreshold: 3, httpGet: { path: '/ready', port: 8080, host: 'localhost', scheme: 'HTTPS', httpHeaders: [{ name: 'Lit-Header', value: 'Im-The-Best' }] } }),
  },
  { name: 'tcpSocket probe', spec: probe({ tcpSocket: { host: 'localhost', port: 3306 } }) },
  { name: 'exec probe', spec: probe({ exec: { command: ['cat', '/tmp/healthy'] } }) },
  { name: 'grpc probe', spec: probe({ grpc: { port: 9090, service: 'grpc.health.v1.Health' } }) },
  { name: 'grpc probe without port', spec: probe({ grpc: { service: 'health' } }) },
  { name: 'probe zero numbers', spec: probe({ initialDelaySeconds: 0, periodSeconds: 0, tcpSocket: { port: 80 } }) },
  { name: 'v1beta1', apiVersion: 'networking.istio.io/v1beta1', spec: wg() },
];

const invalid: Case[] = [
  { name: 'no spec', yaml: 'apiVersion: networking.istio.io/v1\nkind: WorkloadGroup\nmetadata:\n  name: vms\n', errors: [['spec', 'spec is required']] },
  { name: 'missing template', spec: { metadata: { labels: { app: 'a' } } }, errors: [['spec.template', 'missing required field "template"']] },
  { name: 'invalid metadata label', spec: wg({ metadata: { labels: { 'bad key': 'a' } } }), errors: [['spec.metadata.labels.bad key', 'invalid labels: invalid label key "bad key"']] },
  { name: 'invalid metadata label value', spec: wg({ metadata: { labels: { app: 'a/b' } } }), errors: [['spec.metadata.labels.app', 'invalid label value "a/b"', 'app: a/b']] },
  { name: 'invalid annotation key', spec: wg({ metadata: { annotations: { 'bad key': 'v' } } }), warnings: [['spec.metadata.annotations.bad key', 'invalid annotation key "bad key"']] },
  { name: 'template address', spec: { template: { address: '10.0.0.1' } }, warnings: [['spec.template.address', 'address should not be set in a WorkloadGroup template']] },
  { name: 'template labels', spec: { template: { labels: { app: 'a' } } }, warnings: [['spec.template.labels', 'labels should be set in spec.metadata.labels']] },
  { name: 'template Unix socket relative', spec: { template: { address: 'unix://a.sock' } }, errors: [['spec.template.address', 'a.sock is not an absolute path']], warnings: [['spec.template.address', 'should not be set']] },
  { name: 'template port 0', spec: { template: { ports: { http: 0 } } }, errors: [['spec.template.ports.http', 'port number 0 must be in the range 1..65535']] },
  { name: 'template port name invalid', spec: { template: { ports: { Http_1: 80 } } }, errors: [['spec.template.ports.Http_1', 'invalid port name: Http_1']] },
  { name: 'metadata typo', spec: { metadata: { label: { a: 'b' } }, template: {} }, errors: [['spec.metadata.label', 'did you mean "labels"?']] },
  { name: 'template typo', spec: { template: { serviceAcount: 'x' } }, errors: [['spec.template.serviceAcount', 'did you mean "serviceAccount"?']] },
  { name: 'probe without method', spec: probe({ periodSeconds: 5 }), errors: [[P, 'probe must set one health check method: httpGet, tcpSocket, exec or grpc']] },
  { name: 'probe with two methods', spec: probe({ httpGet: { port: 80 }, tcpSocket: { port: 80 } }), errors: [[P, 'only one of "httpGet", "tcpSocket", "exec", "grpc" may be set']] },
  ...(['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const).map(
    (f): Case => ({ name: `negative ${f}`, spec: probe({ [f]: -1, tcpSocket: { port: 80 } }), errors: [[`${P}.${f}`, `${f} must be non-negative`, `${f}: -1`]] }),
  ),
  { name: 'httpGet without port', spec: probe({ httpGet: { path: '/' } }), errors: [[`${P}.httpGet.port`, 'missing required field "port"']] },
  { name: 'httpGet port 0', spec: probe({ httpGet: { port: 0 } }), errors: [[`${P}.httpGet.port`, 'port number 0 must be in the range 1..65535']] },
  { name: 'httpGet scheme lower-case', spec: probe({ httpGet: { port: 80, scheme: 'https' } }), errors: [[`${P}.httpGet.scheme`, 'httpGet.scheme must be one of "HTTPS", "HTTP"']] },
  { name: 'httpGet header with underscore', spec: probe({ httpGet: { port: 80, httpHeaders: [{ name: 'x_b', value: 'v' }] } }), errors: [[`${P}.httpGet.httpHeaders[0].name`, 'header name x_b is not a valid header name']] },
  { name: 'httpGet header without name', spec: probe({ httpGet: { port: 80, httpHeaders: [{ value: 'v' }] } }), errors: [[`${P}.httpGet.httpHeaders[0].name`, 'header name cannot be empty']] },
  { name: 'tcpSocket without port', spec: probe({ tcpSocket: { host: 'a' } }), errors: [[`${P}.tcpSocket.port`, 'missing required field "port"']] },
  { name: 'tcpSocket port 70000', spec: probe({ tcpSocket: { port: 70000 } }), errors: [[`${P}.tcpSocket.port`, 'port number 70000']] },
  { name: 'exec without command', spec: probe({ exec: {} }), errors: [[`${P}.exec.command`, 'missing required field "command"']] },
  { name: 'exec empty command', spec: probe({ exec: { command: [] } }), errors: [[`${P}.exec.command`, 'exec.command is required']] },
  { name: 'exec empty argument', spec: probe({ exec: { command: ['test', ''] } }), errors: [[`${P}.exec.command[1]`, 'must not be empty strings']] },
  { name: 'exec command as string', spec: probe({ exec: { command: 'cat /tmp/healthy' } }), errors: [[`${P}.exec.command`, 'expected a list']] },
  { name: 'grpc port 0', spec: probe({ grpc: { port: 0 } }), errors: [[`${P}.grpc.port`, 'port number 0']] },
  { name: 'probe with Kubernetes-style field', spec: probe({ tcpSocket: { port: 80 }, livenessProbe: {} }), errors: [[`${P}.livenessProbe`, 'unknown field "livenessProbe"']] },
];

runCases('WorkloadGroup valid', valid, OPTS);
runCases('WorkloadGroup invalid', invalid, OPTS);
