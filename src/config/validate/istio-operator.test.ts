/** Table tests for IstioOperator: the strict spec schema and istioctl's checks, through loadText. */
import { test } from 'node:test';
import { runCase, type TableCase } from './test-support.ts';

const HEADER = `
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  name: iop
  namespace: istio-system
`;

const cases: TableCase[] = [
  { name: 'empty spec', yaml: '' },
  { name: 'profile demo', yaml: 'profile: demo' },
  { name: 'every profile name', yaml: 'profile: openshift-ambient' },
  { name: 'profile minimal with revision', yaml: 'profile: minimal\nrevision: 1-24-0' },
  { name: 'unknown profile', yaml: 'profile: production', errors: [{ message: 'unknown profile "production"; known profiles: default, demo, minimal, remote, empty, preview, stable, ambient, openshift, openshift-ambient', path: 'spec.profile' }] },
  { name: 'profile typo suggests', yaml: 'profile: mininal', errors: ['(did you mean "minimal"?)'] },
  { name: 'profile as file path', yaml: 'profile: /tmp/custom.yaml', errors: ['unknown profile "/tmp/custom.yaml"'] },
  { name: 'full spec', yaml: 'profile: default\ninstallPackagePath: /opt/istio/manifests\nhub: docker.io/istio\ntag: 1.24.2\nnamespace: istio-system\nrevision: canary\ncompatibilityVersion: "1.23"\nmeshConfig:\n  accessLogFile: /dev/stdout\nvalues:\n  global:\n    logging:\n      level: default:info\nunvalidatedValues:\n  custom: 1' },
  { name: 'unknown top-level field suggests', yaml: 'profiles: demo', errors: [{ message: 'unknown field "profiles" in spec (did you mean "profile"?)', path: 'spec.profiles' }] },
  { name: 'removed addonComponents', yaml: 'addonComponents:\n  grafana:\n    enabled: true', errors: ['unknown field "addonComponents" in spec'] },
  { name: 'hub with registry and port', yaml: 'hub: localhost:5000/istio' },
  { name: 'hub gcr', yaml: 'hub: gcr.io/istio-release' },
  { name: 'hub upper case path', yaml: 'hub: docker.io/Istio', errors: [{ message: 'bad hub "docker.io/Istio": repository path component "Istio"', path: 'spec.hub' }] },
  { name: 'hub with tag', yaml: 'hub: docker.io/istio:1.24', errors: ['bad hub "docker.io/istio:1.24"'] },
  { name: 'hub bad registry', yaml: 'hub: bad_reg.io/istio', errors: ['invalid registry "bad_reg.io"'] },
  { name: 'tag string', yaml: 'tag: 1.24.2-distroless' },
  { name: 'tag integer', yaml: 'tag: 1' },
  { name: 'tag YAML float warns', yaml: 'tag: 1.20', warnings: [{ message: 'tag 1.2 is a YAML number, so trailing zeros are lost', path: 'spec.tag' }] },
  { name: 'tag with colon', yaml: 'tag: "1.24:debug"', errors: [{ message: 'bad tag "1.24:debug"', path: 'spec.tag' }] },
  { name: 'tag starting with dash', yaml: 'tag: "-dev"', errors: ['bad tag "-dev"'] },
  { name: 'tag list', yaml: 'tag: [1]', errors: ['bad tag: expected a string or a number, got a list'] },
  { name: 'namespace', yaml: 'namespace: istio-ingress' },
  { name: 'namespace invalid', yaml: 'namespace: Istio_System', errors: [{ message: 'namespace "Istio_System" is not a valid namespace name', path: 'spec.namespace' }] },
  { name: 'revision invalid', yaml: 'revision: 1.24.0', errors: [{ message: 'invalid revision specified: 1.24.0', path: 'spec.revision' }] },
  { name: 'compatibilityVersion number', yaml: 'compatibilityVersion: 1.23', errors: ['expected a string, got number 1.23'] },
  { name: 'compatibilityVersion bad', yaml: 'compatibilityVersion: "1.23.1"', errors: [{ message: 'compatibilityVersion "1.23.1" must be in major.minor form', path: 'spec.compatibilityVersion' }] },
  { name: 'meshConfig not an object', yaml: 'meshConfig: "accessLogFile: /dev/stdout"', errors: [{ message: 'meshConfig must be an object', path: 'spec.meshConfig' }] },
  { name: 'values not an object', yaml: 'values: [1]', errors: ['values must be an object'] },
  { name: 'components', yaml: 'components:\n  base:\n    enabled: true\n  pilot:\n    enabled: true\n    namespace: istio-system\n    hub: docker.io/istio\n    tag: 1.24.2\n    k8s:\n      replicaCount: 2\n      resources:\n        requests:\n          cpu: 500m\n      hpaSpec:\n        minReplicas: 2\n      env:\n      - name: PILOT_TRACE_SAMPLING\n        value: "1"\n      nodeSelector:\n        kubernetes.io/os: linux\n      imagePullPolicy: IfNotPresent\n  cni:\n    enabled: true\n    namespace: kube-system\n  ztunnel:\n    enabled: false' },
  { name: 'unknown component suggests', yaml: 'components:\n  pilots:\n    enabled: true', errors: [{ message: 'unknown field "pilots" in spec.components (did you mean "pilot"?)', path: 'spec.components.pilots' }] },
  { name: 'removed component policy', yaml: 'components:\n  telemetry:\n    enabled: false', errors: ['unknown field "telemetry" in spec.components'] },
  { name: 'ingressGateway singular suggests', yaml: 'components:\n  ingressGateway:\n  - name: x', errors: ['(did you mean "ingressGateways"?)'] },
  { name: 'component enabled as string', yaml: 'components:\n  pilot:\n    enabled: "yes please"', errors: [{ message: 'expected true or false', path: 'spec.components.pilot.enabled' }] },
  { name: 'component namespace invalid', yaml: 'components:\n  cni:\n    namespace: kube_system', errors: [{ message: 'namespace "kube_system" is not a valid namespace name', path: 'spec.components.cni.namespace' }] },
  { name: 'base has no namespace field', yaml: 'components:\n  base:\n    namespace: x', errors: ['unknown field "namespace" in spec.components.base'] },
  { name: 'k8s unknown field suggests', yaml: 'components:\n  pilot:\n    k8s:\n      replicas: 2', errors: [{ message: 'unknown field "replicas" in spec.components.pilot.k8s', path: 'spec.components.pilot.k8s.replicas' }] },
  { name: 'k8s replicaCount typo suggests', yaml: 'components:\n  pilot:\n    k8s:\n      replicaCont: 2', errors: ['(did you mean "replicaCount"?)'] },
  { name: 'k8s replicaCount negative', yaml: 'components:\n  pilot:\n    k8s:\n      replicaCount: -1', errors: ['is out of range'] },
  { name: 'k8s imagePullPolicy bad', yaml: 'components:\n  pilot:\n    k8s:\n      imagePullPolicy: always', errors: [{ message: 'unknown imagePullPolicy "always"; expected one of Always, IfNotPresent, Never (did you mean "Always"?)', path: 'spec.components.pilot.k8s.imagePullPolicy' }] },
  { name: 'k8s nodeSelector bad key', yaml: 'components:\n  pilot:\n    k8s:\n      nodeSelector:\n        "bad key": x', errors: ['invalid label key "bad key"'] },
  { name: 'k8s overlays', yaml: 'components:\n  ingressGateways:\n  - name: istio-ingressgateway\n    k8s:\n      overlays:\n      - kind: Deployment\n        name: istio-ingressgateway\n        patches:\n        - path: spec.template.spec.containers.[name:istio-proxy].ports.[containerPort:8080].containerPort\n          value: 8081' },
  { name: 'k8s overlay without kind', yaml: 'components:\n  pilot:\n    k8s:\n      overlays:\n      - name: istiod', errors: [{ message: 'overlay kind must be set', path: 'spec.components.pilot.k8s.overlays[0].kind' }] },
  { name: 'k8s overlay patch typo', yaml: 'components:\n  pilot:\n    k8s:\n      overlays:\n      - kind: Deployment\n        name: istiod\n        patches:\n        - pth: x', errors: ['(did you mean "path"?)'] },
  { name: 'seed 004 ingress gateway only', yaml: 'components:\n  ingressGateways:\n  - enabled: true\n    name: istio-ingressgateway\nprofile: empty' },
  { name: 'gateway with namespace and labels', yaml: 'profile: empty\ncomponents:\n  ingressGateways:\n  - name: gw-a\n    namespace: team-a\n    enabled: true\n    label:\n      istio: gw-a\n      app: gateway\n    k8s:\n      service:\n        type: LoadBalancer\n        ports:\n        - port: 443\n          targetPort: 8443\n          name: https' },
  { name: 'gateway without name', yaml: 'components:\n  ingressGateways:\n  - enabled: true', errors: [{ message: 'gateway name must be set', path: 'spec.components.ingressGateways[0].name' }] },
  { name: 'egress gateway without name', yaml: 'components:\n  egressGateways:\n  - enabled: true\n    namespace: egress', errors: [{ message: 'every entry of egressGateways names the gateway', path: 'spec.components.egressGateways[0].name' }] },
  { name: 'gateway bad name', yaml: 'components:\n  ingressGateways:\n  - name: My_Gateway', errors: [{ message: 'invalid value ingressGateways.name: My_Gateway', path: 'spec.components.ingressGateways[0].name' }] },
  { name: 'gateway duplicate', yaml: 'components:\n  ingressGateways:\n  - name: gw\n  - name: gw', errors: [{ message: 'duplicate gateway istio-system/gw: already defined at spec.components.ingressGateways[0]', path: 'spec.components.ingressGateways[1].name' }] },
  { name: 'gateway same name other namespace', yaml: 'components:\n  ingressGateways:\n  - name: gw\n  - name: gw\n    namespace: other' },
  { name: 'gateway duplicate across ingress and egress', yaml: 'namespace: edge\ncomponents:\n  ingressGateways:\n  - name: gw\n  egressGateways:\n  - name: gw\n    namespace: edge', errors: ['duplicate gateway edge/gw'] },
  { name: 'gateway bad label', yaml: 'components:\n  ingressGateways:\n  - name: gw\n    label:\n      istio: "bad value!"', errors: [{ message: 'invalid label value "bad value!"', path: 'spec.components.ingressGateways[0].label.istio' }] },
  { name: 'gateway unknown field', yaml: 'components:\n  ingressGateways:\n  - name: gw\n    labels:\n      a: b', errors: ['unknown field "labels" in spec.components.ingressGateways[0] (did you mean "label"?)'] },
  { name: 'gateway tag bad', yaml: 'components:\n  egressGateways:\n  - name: gw\n    tag: "a b"', errors: [{ path: 'spec.components.egressGateways[0].tag', message: 'bad tag "a b"' }] },
  { name: 'gateways not a list', yaml: 'components:\n  ingressGateways:\n    name: gw', errors: ['expected a list'] },
  { name: 'istiodRemote deprecated', yaml: 'components:\n  istiodRemote:\n    enabled: true', warnings: [{ message: 'spec.components.istiodRemote is deprecated: the istiod-remote component was removed', path: 'spec.components.istiodRemote' }] },
  { name: 'values deprecated jwtPolicy', yaml: 'values:\n  global:\n    jwtPolicy: third-party-jwt', warnings: [{ message: 'values.global.jwtPolicy is deprecated: it has no effect', path: 'spec.values.global.jwtPolicy' }] },
  { name: 'values deprecated pilot replicaCount', yaml: 'values:\n  pilot:\n    replicaCount: 3', warnings: ['set it under components.pilot.k8s.replicaCount instead'] },
  { name: 'values deprecated gateway nodeSelector', yaml: 'values:\n  gateways:\n    istio-ingressgateway:\n      nodeSelector:\n        a: b', warnings: ['values.gateways.istio-ingressgateway.nodeSelector is deprecated: set it under components.ingressGateways[].k8s.nodeSelector'] },
  { name: 'values deprecated holdApplicationUntilProxyStarts', yaml: 'values:\n  global:\n    proxy:\n      holdApplicationUntilProxyStarts: true', warnings: ['meshConfig.defaultConfig.holdApplicationUntilProxyStarts'] },
  { name: 'values deprecated istio_cni', yaml: 'values:\n  istio_cni:\n    enabled: true', warnings: ['enable CNI with components.cni.enabled'] },
  { name: 'values deprecated several', yaml: 'values:\n  global:\n    arch:\n      amd64: 2\n    priorityClassName: high\n  cni:\n    logLevel: debug', warnings: ['values.global.arch', 'values.global.priorityClassName', 'values.cni.logLevel'] },
  { name: 'values non-deprecated', yaml: 'values:\n  global:\n    proxy:\n      resources2: {}\n  pilot:\n    autoscaleEnabled: false' },
  { name: 'values istioNamespace invalid', yaml: 'values:\n  global:\n    istioNamespace: "Bad NS"', errors: [{ message: 'namespace "Bad NS" is not a valid namespace name', path: 'spec.values.global.istioNamespace' }] },
  { name: 'cluster-scoped metadata is fine without namespace', yaml: 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: x\nspec:\n  profile: demo\n' },
  { name: 'v1alpha2 not served', yaml: 'apiVersion: install.istio.io/v1alpha2\nkind: IstioOperator\nmetadata:\n  name: x\nspec: {}\n', errors: ['is not served at version "v1alpha2"; use one of v1alpha1'] },
];

for (const c of cases) test(`IstioOperator: ${c.name}`, () => runCase(HEADER, c));
