/** Table tests for core/v1 Endpoints and discovery.k8s.io/v1 EndpointSlice, through loadText. */
import { runCases, type Case } from './case-table.ts';
import { k8sDoc } from './k8s-test-docs.ts';

const ep = (body: string): string => k8sDoc('Endpoints', body);
const slice = (body: string, labels = '  labels:\n    kubernetes.io/service-name: web\n'): string =>
  k8sDoc('EndpointSlice', body, { apiVersion: 'discovery.k8s.io/v1', meta: labels });

const SUBSET = (addresses: string, ports = 'ports:\n  - name: http\n    port: 8080'): string => `subsets:\n- addresses:\n${addresses}\n  ${ports}\n`;

const endpoints: Case[] = [
  { name: 'one subset', yaml: ep(SUBSET('  - ip: 10.1.0.5\n    nodeName: node-1\n    targetRef:\n      kind: Pod\n      name: web-0\n      namespace: default')) },
  { name: 'IPv6 address', yaml: ep(SUBSET('  - ip: "fd00::5"')) },
  { name: 'only notReadyAddresses', yaml: ep('subsets:\n- notReadyAddresses:\n  - ip: 10.1.0.6\n  ports:\n  - port: 80\n') },
  { name: 'single unnamed port', yaml: ep(SUBSET('  - ip: 10.1.0.5', 'ports:\n  - port: 80')) },
  { name: 'no subsets (no endpoints yet)', yaml: ep('subsets: []\n') },
  { name: 'hostname', yaml: ep(SUBSET('  - ip: 10.1.0.5\n    hostname: web-0')) },
  { name: 'ip missing', yaml: ep(SUBSET('  - hostname: web-0')), errors: [['subsets[0].addresses[0].ip', 'missing required field "ip"']] },
  { name: 'ip typo', yaml: ep(SUBSET('  - ipp: 10.1.0.5')), errors: [['subsets[0].addresses[0].ipp', 'did you mean "ip"?'], ['subsets[0].addresses[0].ip', 'missing required field "ip"']] },
  { name: 'hostname as ip', yaml: ep(SUBSET('  - ip: web.example.com')), errors: [['subsets[0].addresses[0].ip', '"web.example.com" must be a valid IP address', 'ip: web.example.com']] },
  { name: 'bad IPv4', yaml: ep(SUBSET('  - ip: 10.1.0.256')), errors: [['subsets[0].addresses[0].ip', 'must be a valid IP address']] },
  { name: 'loopback', yaml: ep(SUBSET('  - ip: 127.0.0.1')), warnings: [['subsets[0].addresses[0].ip', 'loopback range (127.0.0.0/8, ::1/128): fine for Sextant']] },
  { name: 'IPv6 loopback', yaml: ep(SUBSET('  - ip: "::1"')), warnings: [['subsets[0].addresses[0].ip', 'loopback range']] },
  { name: 'link-local', yaml: ep(SUBSET('  - ip: 169.254.169.254')), errors: [['subsets[0].addresses[0].ip', 'link-local range']] },
  { name: 'unspecified', yaml: ep(SUBSET('  - ip: 0.0.0.0')), errors: [['subsets[0].addresses[0].ip', 'unspecified']] },
  { name: 'multicast', yaml: ep(SUBSET('  - ip: 224.0.0.1')), errors: [['subsets[0].addresses[0].ip', 'multicast']] },
  { name: 'bad notReady ip', yaml: ep('subsets:\n- notReadyAddresses:\n  - ip: nope\n  ports:\n  - port: 80\n'), errors: [['subsets[0].notReadyAddresses[0].ip', 'must be a valid IP address']] },
  { name: 'bad hostname', yaml: ep(SUBSET('  - ip: 10.1.0.5\n    hostname: Web_0')), errors: [['subsets[0].addresses[0].hostname', 'lowercase RFC 1123 label']] },
  { name: 'bad nodeName', yaml: ep(SUBSET('  - ip: 10.1.0.5\n    nodeName: Node_1')), errors: [['subsets[0].addresses[0].nodeName', 'lowercase RFC 1123 subdomain']] },
  { name: 'subset without addresses', yaml: ep('subsets:\n- ports:\n  - port: 80\n'), errors: [['subsets[0]', 'must list addresses or notReadyAddresses']] },
  { name: 'subset without ports', yaml: ep('subsets:\n- addresses:\n  - ip: 10.1.0.5\n'), errors: [['subsets[0].ports', 'at least one port']] },
  { name: 'port out of range', yaml: ep(SUBSET('  - ip: 10.1.0.5', 'ports:\n  - name: http\n    port: 0')), errors: [['subsets[0].ports[0].port', 'port number 0 must be in the range 1..65535', 'port: 0']] },
  { name: 'port missing', yaml: ep(SUBSET('  - ip: 10.1.0.5', 'ports:\n  - name: http')), errors: [['subsets[0].ports[0].port', 'missing required field "port"']] },
  { name: 'two ports, one unnamed', yaml: ep(SUBSET('  - ip: 10.1.0.5', 'ports:\n  - name: http\n    port: 80\n  - port: 443')), errors: [['subsets[0].ports[1].name', 'port name is required']] },
  { name: 'duplicate port names', yaml: ep(SUBSET('  - ip: 10.1.0.5', 'ports:\n  - name: http\n    port: 80\n  - name: http\n    port: 81')), errors: [['subsets[0].ports[1].name', 'duplicate port name "http"']] },
  { name: 'bad protocol', yaml: ep(SUBSET('  - ip: 10.1.0.5', 'ports:\n  - port: 80\n    protocol: tcp')), errors: [['subsets[0].ports[0].protocol', '(did you mean "TCP"?)']] },
  { name: 'subsets misspelled', yaml: ep('subset:\n- addresses: []\n'), errors: [['subset', 'unknown field "subset" in the resource (did you mean "subsets"?)']] },
];

const ADDR = (addresses: string, type = 'IPv4'): string => `addressType: ${type}\nendpoints:\n- addresses: ${addresses}\n  conditions:\n    ready: true\nports:\n- name: http\n  port: 8080\n  protocol: TCP\n`;

const slices: Case[] = [
  { name: 'IPv4 slice', yaml: slice(ADDR('[10.1.0.5]')) },
  {
    name: 'full endpoint',
    yaml: slice(
      'addressType: IPv4\nendpoints:\n- addresses: [10.1.0.5]\n  conditions: {ready: true, serving: true, terminating: false}\n  hostname: web-0\n  nodeName: node-1\n  zone: us-east-1a\n  targetRef: {kind: Pod, name: web-0, namespace: default}\n  hints:\n    forZones: [{name: us-east-1a}]\nports:\n- name: http\n  port: 8080\n  appProtocol: http\n',
    ),
  },
  { name: 'IPv6 slice', yaml: slice(ADDR('["fd00::5"]', 'IPv6')) },
  { name: 'FQDN slice', yaml: slice(ADDR('[db.example.com]', 'FQDN')) },
  { name: 'port without number (all ports)', yaml: slice('addressType: IPv4\nendpoints:\n- addresses: [10.1.0.5]\nports:\n- name: ""\n') },
  { name: 'no endpoints', yaml: slice('addressType: IPv4\nendpoints: []\n') },
  { name: 'missing service-name label', yaml: slice(ADDR('[10.1.0.5]'), ''), warnings: [['metadata.labels', 'kubernetes.io/service-name']] },
  { name: 'addressType missing', yaml: slice('endpoints:\n- addresses: [10.1.0.5]\n'), errors: [['addressType', 'missing required field "addressType"']] },
  { name: 'addressType typo', yaml: slice(ADDR('[10.1.0.5]', 'ipv4')), errors: [['addressType', '(did you mean "IPv4"?)']] },
  { name: 'IPv6 address in IPv4 slice', yaml: slice(ADDR('["fd00::5"]')), errors: [['endpoints[0].addresses[0]', 'is not an IPv4 address (addressType is IPv4)']] },
  { name: 'IPv4 address in IPv6 slice', yaml: slice(ADDR('[10.1.0.5]', 'IPv6')), errors: [['endpoints[0].addresses[0]', 'is not an IPv6 address (addressType is IPv6)']] },
  { name: 'hostname in IPv4 slice', yaml: slice(ADDR('[db.example.com]')), errors: [['endpoints[0].addresses[0]', 'is not an IPv4 address']] },
  { name: 'bad FQDN', yaml: slice(ADDR('[DB_host]', 'FQDN')), errors: [['endpoints[0].addresses[0]', 'lowercase RFC 1123 subdomain']] },
  { name: 'loopback in slice', yaml: slice(ADDR('[127.0.0.1]')), warnings: [['endpoints[0].addresses[0]', 'loopback range']] },
  { name: 'empty addresses', yaml: slice(ADDR('[]')), errors: [['endpoints[0].addresses', 'at least one address']] },
  { name: 'addresses missing', yaml: slice('addressType: IPv4\nendpoints:\n- conditions: {ready: true}\n'), errors: [['endpoints[0].addresses', 'missing required field "addresses"']] },
  { name: 'condition typo', yaml: slice('addressType: IPv4\nendpoints:\n- addresses: [10.1.0.5]\n  conditions: {redy: true}\n'), errors: [['endpoints[0].conditions.redy', '(did you mean "ready"?)']] },
  { name: 'condition not bool', yaml: slice('addressType: IPv4\nendpoints:\n- addresses: [10.1.0.5]\n  conditions: {ready: "yes please"}\n'), errors: [['endpoints[0].conditions.ready', 'expected true or false']] },
  { name: 'bad hostname', yaml: slice('addressType: IPv4\nendpoints:\n- addresses: [10.1.0.5]\n  hostname: web.0\n'), errors: [['endpoints[0].hostname', 'lowercase RFC 1123 label']] },
  { name: 'port out of range', yaml: slice('addressType: IPv4\nendpoints: []\nports:\n- name: http\n  port: 99999\n'), errors: [['ports[0].port', 'port number 99999']] },
  { name: 'duplicate port names', yaml: slice('addressType: IPv4\nendpoints: []\nports:\n- name: http\n  port: 80\n- name: http\n  port: 81\n'), errors: [['ports[1].name', 'duplicate port name "http"']] },
  { name: 'two unnamed ports', yaml: slice('addressType: IPv4\nendpoints: []\nports:\n- port: 80\n- port: 81\n'), errors: [['ports[1].name', 'only one port may be unnamed']] },
  { name: 'wrong apiVersion', yaml: slice(ADDR('[10.1.0.5]')).replace('discovery.k8s.io/v1', 'discovery.k8s.io/v2'), errors: [['', 'is not served at version "v2"']] },
];

runCases('Endpoints', endpoints, { kind: 'Endpoints', apiVersion: 'v1' });
runCases('EndpointSlice', slices, { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1' });
