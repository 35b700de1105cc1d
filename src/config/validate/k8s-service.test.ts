/** Table tests for core/v1 Service: schema, Kubernetes' rules and Istio's port naming, through loadText. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../load.ts';
import { runCases, type Case } from './case-table.ts';
import { indent, k8sDoc } from './k8s-test-docs.ts';

const svc = (spec: string, meta = ''): string => k8sDoc('Service', `spec:\n${indent(spec, 2)}`, { meta });
const NAMING = "does not follow Istio's <protocol>[-<suffix>] naming";

/** Seed 001: the istio-ingressgateway Service of Istio 1.5 (LoadBalancer, many ports, istio label). */
export const SEED_001_INGRESS_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-system
  labels:
    app: istio-ingressgateway
    istio: ingressgateway
    operator.istio.io/component: IngressGateways
    operator.istio.io/managed: Reconcile
    operator.istio.io/version: 1.5.0
    release: istio
spec:
  type: LoadBalancer
  clusterIP: 10.108.149.40
  selector:
    app: istio-ingressgateway
    istio: ingressgateway
  ports:
  - name: status-port
    port: 15020
    targetPort: 15020
    nodePort: 30271
  - name: http2
    port: 80
    targetPort: 80
    nodePort: 30723
  - name: https
    port: 443
    targetPort: 443
    nodePort: 32691
  - name: kiali
    port: 15029
    targetPort: 15029
    nodePort: 30831
  - name: prometheus
    port: 15030
    targetPort: 15030
    nodePort: 30169
  - name: grafana
    port: 15031
    targetPort: 15031
    nodePort: 32095
  - name: tracing
    port: 15032
    targetPort: 15032
    nodePort: 30604
  - name: tls
    port: 15443
    targetPort: 15443
    nodePort: 30854
  - name: status-port-new
    port: 15021
    targetPort: 15021
    protocol: TCP
status:
  loadBalancer:
    ingress:
    - ip: 10.108.149.40
`;

const O = { kind: 'Service', apiVersion: 'v1' };

const cases: Case[] = [
  { name: 'seed 001 istio-ingressgateway Service is valid (control plane: no naming warnings)', yaml: SEED_001_INGRESS_SERVICE },
  {
    name: 'seed 001 ports without the istio labels get naming warnings',
    yaml: SEED_001_INGRESS_SERVICE.replace('    istio: ingressgateway\n    operator', '    operator').replace('    release: istio\n', ''),
    warnings: [
      ['spec.ports[0].name', 'port name "status-port"', 'name: status-port'],
      ['spec.ports[3].name', 'port name "kiali"', 'name: kiali'],
      ['spec.ports[4].name', 'port name "prometheus"'],
      ['spec.ports[5].name', 'port name "grafana"'],
      ['spec.ports[6].name', 'port name "tracing"'],
      ['spec.ports[8].name', 'port name "status-port-new"'],
    ],
  },
  { name: 'ClusterIP with one http port', yaml: svc('selector:\n  app: web\nports:\n- name: http\n  port: 80\n  targetPort: 8080') },
  { name: 'port name with suffix', yaml: svc('ports:\n- name: http-web\n  port: 80\n- name: grpc-web-api\n  port: 81\n- name: tcp-db\n  port: 5432') },
  { name: 'mixed-case protocol prefix is accepted by Istio', yaml: svc('ports:\n- name: Http\n  port: 80'), errors: [['spec.ports[0].name', 'invalid port name', 'name: Http']] },
  { name: 'appProtocol overrides the name', yaml: svc('ports:\n- name: web\n  port: 80\n  appProtocol: http') },
  { name: 'kubernetes.io/h2c appProtocol', yaml: svc('ports:\n- name: web\n  port: 80\n  appProtocol: kubernetes.io/h2c') },
  { name: 'UDP port needs no protocol name', yaml: svc('ports:\n- name: dns\n  port: 53\n  protocol: UDP') },
  { name: 'well-known port 3306 unnamed', yaml: svc('ports:\n- port: 3306') },
  { name: 'unnamed single port gets a naming warning', yaml: svc('ports:\n- port: 8080'), warnings: [['spec.ports[0].name', 'unnamed port 8080', '- port: 8080']] },
  { name: 'name without protocol prefix warns', yaml: svc('ports:\n- name: web\n  port: 80'), warnings: [['spec.ports[0].name', `port name "web" ${NAMING}`, 'name: web']] },
  { name: 'release: istio label skips naming', yaml: svc('ports:\n- name: web\n  port: 80', '  labels:\n    release: istio\n') },
  { name: 'same number on TCP and UDP', yaml: svc('ports:\n- name: tcp-dns\n  port: 53\n- name: udp-dns\n  port: 53\n  protocol: UDP') },
  { name: 'named targetPort', yaml: svc('ports:\n- name: http\n  port: 80\n  targetPort: http-web') },
  { name: 'targetPort 0 defaults to port', yaml: svc('ports:\n- name: http\n  port: 80\n  targetPort: 0') },
  { name: 'headless without ports', yaml: svc('clusterIP: None\nselector:\n  app: db') },
  { name: 'ExternalName', yaml: svc('type: ExternalName\nexternalName: db.example.com') },
  { name: 'ExternalName with trailing dot', yaml: svc('type: ExternalName\nexternalName: db.example.com.') },
  { name: 'NodePort with nodePort', yaml: svc('type: NodePort\nports:\n- name: http\n  port: 80\n  nodePort: 30080') },
  { name: 'LoadBalancer with loadBalancerIP and ranges', yaml: svc('type: LoadBalancer\nloadBalancerIP: 203.0.113.10\nloadBalancerSourceRanges: [10.0.0.0/8]\nexternalTrafficPolicy: Local\nhealthCheckNodePort: 32000\nports:\n- name: https\n  port: 443') },
  { name: 'dual stack', yaml: svc('ipFamilyPolicy: PreferDualStack\nipFamilies: [IPv4, IPv6]\nclusterIPs: [10.0.0.10, "fd00::10"]\nclusterIP: 10.0.0.10\nports:\n- name: http\n  port: 80') },
  { name: 'ClientIP session affinity with config', yaml: svc('sessionAffinity: ClientIP\nsessionAffinityConfig:\n  clientIP:\n    timeoutSeconds: 600\nports:\n- name: http\n  port: 80') },
  { name: 'status is open', yaml: svc('ports:\n- name: http\n  port: 80') + '\nstatus:\n  loadBalancer:\n    ingress:\n    - hostname: lb.example.com\n      ipMode: VIP\n  futureField: 1\n' },

  // schema
  { name: 'unknown spec field suggests', yaml: svc('selectr:\n  app: x\nports:\n- name: http\n  port: 80'), errors: [['spec.selectr', 'unknown field "selectr" in spec (did you mean "selector"?)', 'selectr:']] },
  { name: 'targetport typo', yaml: svc('ports:\n- name: http\n  port: 80\n  targetport: 8080'), errors: [['spec.ports[0].targetport', '(did you mean "targetPort"?)', 'targetport: 8080']] },
  { name: 'protocol HTTP is not a Kubernetes protocol', yaml: svc('ports:\n- name: http\n  port: 80\n  protocol: HTTP'), errors: [['spec.ports[0].protocol', 'unknown value "HTTP"; expected one of TCP, UDP, SCTP']] },
  { name: 'type typo', yaml: svc('type: Loadbalancer\nports:\n- name: http\n  port: 80'), errors: [['spec.type', '(did you mean "LoadBalancer"?)']] },
  { name: 'port missing', yaml: svc('ports:\n- name: http\n  targetPort: 80'), errors: [['spec.ports[0].port', 'missing required field "port"']] },
  { name: 'port as string', yaml: svc('ports:\n- name: http\n  port: "80"'), errors: [['spec.ports[0].port', 'expected an integer, got string "80"']] },
  { name: 'targetPort float', yaml: svc('ports:\n- name: http\n  port: 80\n  targetPort: 80.5'), errors: [['spec.ports[0].targetPort', 'expected an integer or a string']] },
  { name: 'selector value not a string', yaml: svc('selector:\n  app: [x]\nports:\n- name: http\n  port: 80'), errors: [['spec.selector.app', 'expected a string']] },
  { name: 'ipFamilies bad value', yaml: svc('ipFamilies: [IPv5]\nports:\n- name: http\n  port: 80'), errors: [['spec.ipFamilies[0]', 'unknown value "IPv5"']] },

  // ports
  { name: 'port 0', yaml: svc('ports:\n- name: http\n  port: 0'), errors: [['spec.ports[0].port', 'port number 0 must be in the range 1..65535', 'port: 0']] },
  { name: 'port 65536', yaml: svc('ports:\n- name: http\n  port: 65536'), errors: [['spec.ports[0].port', 'port number 65536 must be in the range 1..65535']] },
  { name: 'second port unnamed', yaml: svc('ports:\n- name: http\n  port: 80\n- port: 443'), errors: [['spec.ports[1].name', 'port name is required when a Service has more than one port', '- port: 443']], warnings: [['spec.ports[1].name', 'unnamed port 443']] },
  { name: 'duplicate port names', yaml: svc('ports:\n- name: http\n  port: 80\n- name: http\n  port: 81'), errors: [['spec.ports[1].name', 'duplicate port name "http" (also ports[0])']] },
  { name: 'duplicate port number', yaml: svc('ports:\n- name: http\n  port: 80\n- name: http-alt\n  port: 80'), errors: [['spec.ports[1].port', 'duplicate port 80/TCP (also ports[0])']] },
  { name: 'duplicate port number with explicit TCP', yaml: svc('ports:\n- name: http\n  port: 80\n- name: http-alt\n  port: 80\n  protocol: TCP'), errors: [['spec.ports[1].port', 'duplicate port 80/TCP']] },
  { name: 'port name too long', yaml: svc(`ports:\n- name: http-${'a'.repeat(60)}\n  port: 80`), errors: [['spec.ports[0].name', 'must be no more than 63 characters']] },
  { name: 'port name with underscore', yaml: svc('ports:\n- name: http_web\n  port: 80'), errors: [['spec.ports[0].name', 'lowercase RFC 1123 label']], warnings: [['spec.ports[0].name', 'port name "http_web"']] },
  { name: 'targetPort out of range', yaml: svc('ports:\n- name: http\n  port: 80\n  targetPort: 70000'), errors: [['spec.ports[0].targetPort', 'port number 70000 must be in the range 1..65535', 'targetPort: 70000']] },
  { name: 'targetPort quoted number', yaml: svc('ports:\n- name: http\n  port: 80\n  targetPort: "8080"'), errors: [['spec.ports[0].targetPort', 'write the number without quotes']] },
  { name: 'targetPort name too long', yaml: svc('ports:\n- name: http\n  port: 80\n  targetPort: http-management-port'), errors: [['spec.ports[0].targetPort', 'must be no more than 15 characters']] },
  { name: 'targetPort name upper case', yaml: svc('ports:\n- name: http\n  port: 80\n  targetPort: Web'), errors: [['spec.ports[0].targetPort', "only lower-case letters, digits and '-'"]] },
  { name: 'targetPort name double hyphen', yaml: svc('ports:\n- name: http\n  port: 80\n  targetPort: web--x'), errors: [['spec.ports[0].targetPort', 'consecutive hyphens']] },
  { name: 'targetPort name needs a letter', yaml: svc('ports:\n- name: http\n  port: 80\n  targetPort: 80-80'), errors: [['spec.ports[0].targetPort', 'at least one letter']] },
  { name: 'nodePort on ClusterIP', yaml: svc('ports:\n- name: http\n  port: 80\n  nodePort: 30080'), errors: [['spec.ports[0].nodePort', "nodePort may not be used when type is 'ClusterIP'", 'nodePort: 30080']] },
  { name: 'nodePort out of range', yaml: svc('type: NodePort\nports:\n- name: http\n  port: 80\n  nodePort: 70000'), errors: [['spec.ports[0].nodePort', 'port number 70000']] },
  { name: 'ClusterIP without ports', yaml: svc('selector:\n  app: web'), errors: [['spec.ports', 'a Service needs at least one port']] },
  { name: 'ClusterIP with empty ports list', yaml: svc('ports: []'), errors: [['spec.ports', 'a Service needs at least one port', 'ports: []']] },

  // addresses and types
  { name: 'bad clusterIP', yaml: svc('clusterIP: 10.0.0.300\nports:\n- name: http\n  port: 80'), errors: [['spec.clusterIP', 'must be empty, "None" or a valid IP address']] },
  { name: 'clusterIPs mismatch', yaml: svc('clusterIP: 10.0.0.1\nclusterIPs: [10.0.0.2]\nports:\n- name: http\n  port: 80'), errors: [['spec.clusterIPs[0]', 'must match spec.clusterIP']] },
  { name: 'bad externalIP', yaml: svc('externalIPs: [example.com]\nports:\n- name: http\n  port: 80'), errors: [['spec.externalIPs[0]', 'must be a valid IP address, got "example.com"']] },
  { name: 'bad loadBalancerIP', yaml: svc('type: LoadBalancer\nloadBalancerIP: my-static-ip\nports:\n- name: http\n  port: 80'), errors: [['spec.loadBalancerIP', 'must be a valid IP address']] },
  { name: 'source ranges on ClusterIP', yaml: svc('loadBalancerSourceRanges: [10.0.0.0/8]\nports:\n- name: http\n  port: 80'), errors: [['spec.loadBalancerSourceRanges', "may only be used when type is 'LoadBalancer'"]] },
  { name: 'source range not a CIDR', yaml: svc('type: LoadBalancer\nloadBalancerSourceRanges: [10.0.0.1]\nports:\n- name: http\n  port: 80'), errors: [['spec.loadBalancerSourceRanges[0]', 'must be a CIDR']] },
  { name: 'ExternalName without externalName', yaml: svc('type: ExternalName'), errors: [['spec.externalName', 'needs externalName', 'type: ExternalName']] },
  { name: 'ExternalName with bad name', yaml: svc('type: ExternalName\nexternalName: DB_Host.example.com'), errors: [['spec.externalName', 'lowercase RFC 1123 subdomain']] },
  { name: 'ExternalName with clusterIP', yaml: svc('type: ExternalName\nexternalName: db.example.com\nclusterIP: 10.0.0.1'), errors: [['spec.clusterIP', 'may not be set for ExternalName Services']] },
  { name: 'externalName ignored on ClusterIP', yaml: svc('externalName: db.example.com\nports:\n- name: http\n  port: 80'), warnings: [['spec.externalName', 'is ignored unless type is ExternalName']] },
  { name: 'externalTrafficPolicy on ClusterIP', yaml: svc('externalTrafficPolicy: Local\nports:\n- name: http\n  port: 80'), errors: [['spec.externalTrafficPolicy', 'may only be set for NodePort and LoadBalancer Services']] },
  { name: 'healthCheckNodePort without Local', yaml: svc('type: LoadBalancer\nhealthCheckNodePort: 32000\nports:\n- name: http\n  port: 80'), errors: [['spec.healthCheckNodePort', 'externalTrafficPolicy is Local']] },
  { name: 'session affinity config without ClientIP', yaml: svc('sessionAffinityConfig:\n  clientIP:\n    timeoutSeconds: 10\nports:\n- name: http\n  port: 80'), errors: [['spec.sessionAffinityConfig', 'must not be set unless sessionAffinity is ClientIP']] },
  { name: 'session affinity timeout range', yaml: svc('sessionAffinity: ClientIP\nsessionAffinityConfig:\n  clientIP:\n    timeoutSeconds: 100000\nports:\n- name: http\n  port: 80'), errors: [['spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'out of range']] },
  { name: 'duplicate ipFamilies', yaml: svc('ipFamilies: [IPv4, IPv4]\nports:\n- name: http\n  port: 80'), errors: [['spec.ipFamilies', 'may list IPv4 and IPv6 at most once each']] },
  { name: 'SingleStack with two families', yaml: svc('ipFamilyPolicy: SingleStack\nipFamilies: [IPv4, IPv6]\nports:\n- name: http\n  port: 80'), errors: [['spec.ipFamilies', 'must hold one family when ipFamilyPolicy is SingleStack']] },
  { name: 'bad selector key', yaml: svc('selector:\n  "app name": web\nports:\n- name: http\n  port: 80'), errors: [['spec.selector.app name', 'invalid label key "app name"', 'app name']] },
  { name: 'bad selector value', yaml: svc('selector:\n  app: "-web"\nports:\n- name: http\n  port: 80'), errors: [['spec.selector.app', 'invalid label value "-web"']] },
];

runCases('Service', cases, O);

test('Service: the seed 001 Service loads with its ports and LoadBalancer type', () => {
  const { resources, diagnostics } = loadText(SEED_001_INGRESS_SERVICE, 'test.yaml');
  assert.deepEqual(diagnostics, []);
  const s = resources[0];
  assert.equal(s.spec.type, 'LoadBalancer');
  assert.deepEqual(
    s.spec.ports.map((p: { port: number }) => p.port),
    [15020, 80, 443, 15029, 15030, 15031, 15032, 15443, 15021],
  );
  assert.equal(s.body.status.loadBalancer.ingress[0].ip, '10.108.149.40');
});
