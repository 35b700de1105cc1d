/** Table tests for core/v1 Pod and apps/v1 Deployment (incl. seed 001's istio-ingressgateway), through loadText. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadText } from '../load.ts';
import { runCases, type Case } from './case-table.ts';
import { indent, k8sDoc } from './k8s-test-docs.ts';

const pod = (spec: string, extra = ''): string => k8sDoc('Pod', `spec:\n${indent(spec, 2)}\n${extra}`);
const C = 'containers:\n- name: app\n  image: nginx:1.25\n';

/** Seed 001: the istio-ingressgateway Deployment (Istio 1.5 shape), with the fields a real manifest has. */
export const SEED_001_INGRESS_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
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
  replicas: 1
  selector:
    matchLabels:
      app: istio-ingressgateway
      istio: ingressgateway
  strategy:
    rollingUpdate:
      maxSurge: 100%
      maxUnavailable: 25%
  template:
    metadata:
      labels:
        app: istio-ingressgateway
        istio: ingressgateway
        chart: gateways
        heritage: Tiller
        release: istio
      annotations:
        sidecar.istio.io/inject: "false"
    spec:
      serviceAccountName: istio-ingressgateway-service-account
      containers:
      - name: istio-proxy
        image: docker.io/istio/proxyv2:1.5.0
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 15020
        - containerPort: 80
        - containerPort: 443
        - containerPort: 15029
        - containerPort: 15030
        - containerPort: 15031
        - containerPort: 15032
        - containerPort: 15443
        - containerPort: 15021
          name: status-port
          protocol: TCP
        - containerPort: 15011
        - containerPort: 8060
        - containerPort: 853
        - containerPort: 15090
          protocol: TCP
          name: http-envoy-prom
        args:
        - proxy
        - router
        - --domain
        - $(POD_NAMESPACE).svc.cluster.local
        - --proxyLogLevel=warning
        readinessProbe:
          failureThreshold: 30
          httpGet:
            path: /healthz/ready
            port: 15020
            scheme: HTTP
          initialDelaySeconds: 1
          periodSeconds: 2
        resources:
          limits:
            cpu: 2000m
            memory: 1024Mi
          requests:
            cpu: 100m
            memory: 128Mi
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              apiVersion: v1
              fieldPath: metadata.name
        - name: ISTIO_META_ROUTER_MODE
          value: sni-dnat
        volumeMounts:
        - name: istio-certs
          mountPath: /etc/certs
          readOnly: true
        - name: ingressgateway-certs
          mountPath: /etc/istio/ingressgateway-certs
          readOnly: true
      volumes:
      - name: istio-certs
        secret:
          secretName: istio.istio-ingressgateway-service-account
          optional: true
      - name: ingressgateway-certs
        secret:
          secretName: istio-ingressgateway-certs
          optional: true
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: kubernetes.io/arch
                operator: In
                values: [amd64]
status:
  replicas: 1
  readyReplicas: 1
  availableReplicas: 1
`;

const deploy = (spec: string): string => k8sDoc('Deployment', `spec:\n${indent(spec, 2)}\n`, { apiVersion: 'apps/v1' });
const TEMPLATE = `template:\n  metadata:\n    labels:\n      app: web\n  spec:\n    containers:\n    - name: web\n      image: web:1`;

const pods: Case[] = [
  { name: 'minimal pod', yaml: pod(C) },
  { name: 'unmodelled PodSpec and Container fields pass', yaml: pod(`${C}  stdin: true\n  terminationMessagePolicy: File\nshareProcessNamespace: true\ntopologySpreadConstraints: []\n`) },
  { name: 'container ports', yaml: pod('containers:\n- name: app\n  ports:\n  - containerPort: 8080\n    name: http\n  - containerPort: 9090\n    name: grpc\n    protocol: TCP\n') },
  { name: 'init containers', yaml: pod(`${C}initContainers:\n- name: istio-init\n  image: proxyv2\n`) },
  { name: 'status with IPs', yaml: pod(C, 'status:\n  phase: Running\n  podIP: 10.1.0.5\n  podIPs:\n  - ip: 10.1.0.5\n  - ip: "fd00::5"\n  startTime: "2024-01-01T00:00:00Z"\n') },
  { name: 'no spec', yaml: k8sDoc('Pod', 'status:\n  phase: Pending\n'), errors: [['spec', 'missing required field "spec"']] },
  { name: 'containers missing', yaml: pod('serviceAccountName: web\n'), errors: [['spec.containers', 'missing required field "containers"']] },
  { name: 'empty containers', yaml: pod('containers: []\n'), errors: [['spec.containers', 'at least one container', 'containers: []']] },
  { name: 'container name missing', yaml: pod('containers:\n- image: nginx\n'), errors: [['spec.containers[0].name', 'missing required field "name"']] },
  { name: 'bad container name', yaml: pod('containers:\n- name: App_1\n'), errors: [['spec.containers[0].name', 'invalid container name']] },
  { name: 'duplicate container names', yaml: pod('containers:\n- name: app\n- name: app\n'), errors: [['spec.containers[1].name', 'duplicate container name "app"']] },
  { name: 'init container named like a container', yaml: pod(`${C}initContainers:\n- name: app\n`), errors: [['spec.initContainers[0].name', 'duplicate container name "app"']] },
  { name: 'containerPort typo', yaml: pod('containers:\n- name: app\n  ports:\n  - containerport: 80\n'), errors: [['spec.containers[0].ports[0].containerport', '(did you mean "containerPort"?)'], ['spec.containers[0].ports[0].containerPort', 'missing required field']] },
  { name: 'containerPort out of range', yaml: pod('containers:\n- name: app\n  ports:\n  - containerPort: 0\n'), errors: [['spec.containers[0].ports[0].containerPort', 'port number 0', 'containerPort: 0']] },
  { name: 'container port name too long', yaml: pod('containers:\n- name: app\n  ports:\n  - containerPort: 80\n    name: http-management-x\n'), errors: [['spec.containers[0].ports[0].name', 'no more than 15 characters']] },
  { name: 'duplicate port names across containers', yaml: pod('containers:\n- name: a\n  ports:\n  - {containerPort: 80, name: http}\n- name: b\n  ports:\n  - {containerPort: 81, name: http}\n'), errors: [['spec.containers[1].ports[0].name', 'duplicate port name "http"']] },
  { name: 'container port protocol', yaml: pod('containers:\n- name: app\n  ports:\n  - containerPort: 80\n    protocol: http\n'), errors: [['spec.containers[0].ports[0].protocol', 'expected one of TCP, UDP, SCTP']] },
  { name: 'hostPort out of range', yaml: pod('containers:\n- name: app\n  ports:\n  - containerPort: 80\n    hostPort: 70000\n'), errors: [['spec.containers[0].ports[0].hostPort', 'port number 70000']] },
  { name: 'imagePullPolicy typo', yaml: pod('containers:\n- name: app\n  imagePullPolicy: IfNotPresnt\n'), errors: [['spec.containers[0].imagePullPolicy', '(did you mean "IfNotPresent"?)']] },
  { name: 'env without name', yaml: pod('containers:\n- name: app\n  env:\n  - value: x\n'), errors: [['spec.containers[0].env[0].name', 'missing required field "name"']] },
  { name: 'restartPolicy value', yaml: pod(`${C}restartPolicy: Sometimes\n`), errors: [['spec.restartPolicy', 'unknown value "Sometimes"']] },
  { name: 'hostNetwork not bool', yaml: pod(`${C}hostNetwork: "yes please"\n`), errors: [['spec.hostNetwork', 'expected true or false']] },
  { name: 'bad podIP', yaml: pod(C, 'status:\n  podIP: 10.1.0\n'), errors: [['status.podIP', 'must be a valid IP address']] },
  { name: 'podIPs[0] differs from podIP', yaml: pod(C, 'status:\n  podIP: 10.1.0.5\n  podIPs:\n  - ip: 10.1.0.6\n'), errors: [['status.podIPs[0].ip', 'must match status.podIP']] },
  { name: 'phase value', yaml: pod(C, 'status:\n  phase: Started\n'), errors: [['status.phase', 'unknown value "Started"']] },
];

const deployments: Case[] = [
  { name: 'seed 001 istio-ingressgateway Deployment', yaml: SEED_001_INGRESS_DEPLOYMENT },
  { name: 'minimal', yaml: deploy(`replicas: 2\nselector:\n  matchLabels:\n    app: web\n${TEMPLATE}`) },
  { name: 'matchExpressions selector', yaml: deploy(`selector:\n  matchExpressions:\n  - key: app\n    operator: In\n    values: [web, api]\n${TEMPLATE}`) },
  { name: 'Recreate strategy', yaml: deploy(`strategy:\n  type: Recreate\nselector:\n  matchLabels: {app: web}\n${TEMPLATE}`) },
  { name: 'selector missing', yaml: deploy(TEMPLATE), errors: [['spec.selector', 'missing required field "selector"']] },
  { name: 'template missing', yaml: deploy('selector:\n  matchLabels: {app: web}'), errors: [['spec.template', 'missing required field "template"']] },
  { name: 'empty selector', yaml: deploy(`selector: {}\n${TEMPLATE}`), errors: [['spec.selector', 'empty selector is invalid']] },
  { name: 'selector does not match template', yaml: deploy(`selector:\n  matchLabels: {app: api}\n${TEMPLATE}`), errors: [['spec.template.metadata.labels', '`selector` does not match template `labels`', 'app: web']] },
  { name: 'NotIn expression excludes the template', yaml: deploy(`selector:\n  matchExpressions:\n  - {key: app, operator: NotIn, values: [web]}\n${TEMPLATE}`), errors: [['spec.template.metadata.labels', 'does not match']] },
  { name: 'In without values', yaml: deploy(`selector:\n  matchExpressions:\n  - {key: app, operator: In}\n${TEMPLATE}`), errors: [['spec.selector.matchExpressions[0].values', 'values must be non-empty when operator is In'], ['spec.template.metadata.labels', 'does not match']] },
  { name: 'Exists with values', yaml: deploy(`selector:\n  matchExpressions:\n  - {key: app, operator: Exists, values: [x]}\n${TEMPLATE}`), errors: [['spec.selector.matchExpressions[0].values', 'values must be empty when operator is Exists']] },
  { name: 'operator typo', yaml: deploy(`selector:\n  matchExpressions:\n  - {key: app, operator: in, values: [web]}\n${TEMPLATE}`), errors: [['spec.selector.matchExpressions[0].operator', '(did you mean "In"?)']] },
  { name: 'selector typo', yaml: deploy(`selector:\n  matchLabel: {app: web}\n${TEMPLATE}`), errors: [['spec.selector.matchLabel', '(did you mean "matchLabels"?)']] },
  { name: 'negative replicas', yaml: deploy(`replicas: -1\nselector:\n  matchLabels: {app: web}\n${TEMPLATE}`), errors: [['spec.replicas', 'out of range']] },
  { name: 'rollingUpdate with Recreate', yaml: deploy(`strategy:\n  type: Recreate\n  rollingUpdate: {maxSurge: 1}\nselector:\n  matchLabels: {app: web}\n${TEMPLATE}`), errors: [['spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"]] },
  { name: 'template container problems', yaml: deploy(`selector:\n  matchLabels: {app: web}\ntemplate:\n  metadata:\n    labels: {app: web}\n  spec:\n    containers:\n    - name: web\n      ports:\n      - containerPort: 70000`), errors: [['spec.template.spec.containers[0].ports[0].containerPort', 'port number 70000']] },
  { name: 'no spec', yaml: k8sDoc('Deployment', 'status: {}\n', { apiVersion: 'apps/v1' }), errors: [['spec', 'missing required field "spec"']] },
  { name: 'template without spec', yaml: deploy('selector:\n  matchLabels: {app: web}\ntemplate:\n  metadata:\n    labels: {app: web}'), errors: [['spec.template.spec', 'missing required field "spec"']] },
  { name: 'extensions/v1beta1 is not served', yaml: deploy(`selector:\n  matchLabels: {app: web}\n${TEMPLATE}`).replace('apps/v1', 'extensions/v1beta1'), errors: [['', 'unknown apiVersion "extensions/v1beta1" for kind Deployment']] },
];

runCases('Pod', pods, { kind: 'Pod', apiVersion: 'v1' });
runCases('Deployment', deployments, { kind: 'Deployment', apiVersion: 'apps/v1' });

test('Deployment: seed 001 gateway Deployment keeps its selector and container ports', () => {
  const { resources, diagnostics } = loadText(SEED_001_INGRESS_DEPLOYMENT, 'test.yaml');
  assert.deepEqual(diagnostics, []);
  const d = resources[0];
  assert.deepEqual(d.spec.selector.matchLabels, { app: 'istio-ingressgateway', istio: 'ingressgateway' });
  assert.equal(d.spec.template.spec.containers[0].ports.length, 13);
  assert.equal(d.spec.template.spec.containers[0].image, 'docker.io/istio/proxyv2:1.5.0');
});
