/** Expected verdicts for the YAML examples of seeds 000, 001, 002 and 004 (see expect.ts). */
import { E, invalid, optional, V1ALPHA3, valid, W, type Verdict } from './expect.ts';

const NOT_AN_OBJECT = /is a string, not a Kubernetes object/;

export const VERDICTS_000_002_004: Record<string, Verdict> = {
  // 000 — several FQDNs behind one ingress gateway (2018, v1alpha3).
  '000/multi-fqdn.yaml': valid(
    3,
    'Gateway with an HTTPS/SIMPLE server using file certificates, two VirtualServices bound to it by name; all valid, v1alpha3 is only deprecated',
    V1ALPHA3(1),
    V1ALPHA3(21),
    V1ALPHA3(38),
  ),
  '000/service-dns-name.yaml': invalid(0, 'the `<service-name>.<cluster-namespace>.svc.cluster.local` snippet is a bare string, not an object', E(1, 1, NOT_AN_OBJECT)),

  // 001 — the ingress gateway step by step (v1beta1).
  '001/gateway-httpbin.yaml': valid(1, 'HTTP server on port 80 for httpbin.local; v1beta1 is served'),
  '001/virtualservice-gateways.yaml': invalid(
    0,
    'the doubled `spec:` key: istioctl validate decodes with yaml.UnmarshalStrict, which rejects a mapping key defined twice',
    E(6, 1, 'duplicate key "spec"'),
  ),
  '001/virtualservice-hosts.yaml': invalid(0, 'same doubled `spec:` key as the first VirtualService', E(6, 1, 'duplicate key "spec"')),

  // 002 — moving a GKE application onto Istio (2018, v1alpha3).
  '002/ingress.yaml': invalid(
    0,
    'U+3000 (ideographic space) between a quoted scalar and its comment is not YAML white space: a syntax error, as in every YAML parser',
    E(8, 60, /YAML syntax error.*U\+3000/),
  ),
  '002/secret-ingressgateway-certs.yaml': invalid(
    0,
    'Secret data values must be base64: the API server rejects "my-key-base64" (illegal base64 data at input byte 2)',
    E(8, 12, /base64/),
    optional(E(9, 12, /base64/)),
  ),
  '002/gateway.yaml': valid(1, 'HTTPS/SIMPLE server with serverCertificate and privateKey files', V1ALPHA3(1)),
  '002/virtualservice.yaml': valid(1, 'bound to my-gateway, routes dev.my-app.com to the short name my-nginx', V1ALPHA3(1)),
  '002/egress-hosts.yaml': invalid(0, 'the list of external URLs is one plain multi-line string, not an object', E(1, 1, NOT_AN_OBJECT)),
  '002/external.yaml': invalid(
    2,
    'ServiceEntry host 169.254.169.254 is refused by current Istio (all-numeric top-level label) but accepted by Istio before 1.1, ' +
      'which seed 002 relies on: Sextant accepts it with a warning and treats it as an address; ' +
      'VirtualService gcs-tls is valid (`sni_hosts` is the proto name, accepted like protobuf JSON does); ' +
      'the third kind is "VirtualService" followed by U+3000, an unknown kind in networking.istio.io',
    V1ALPHA3(1),
    W(9, 5, /169\.254\.169\.254 is an IP address/),
    V1ALPHA3(20),
    E(38, 7, /unknown kind "VirtualService\u3000".*U\+3000.*did you mean "VirtualService"/),
  ),

  // 004 — IstioOperator with an ingress gateway outside istio-system.
  '004/empty-profile.yaml': valid(1, 'profile: empty is a known profile'),
  '004/ingressgateway-only.yaml': valid(1, 'profile empty with one enabled ingress gateway component'),
  '004/operator-values.yaml': invalid(0, 'a Helm values file, not a Kubernetes object', E(3, 1, 'missing "apiVersion"')),
  '004/operator-deployment-env.yaml': invalid(
    0,
    'a Helm template fragment: `{{...}}` parses as a flow mapping used as a key, and there is no apiVersion',
    E(4, 13, 'mapping keys must be plain strings'),
    E(2, 1, 'missing "apiVersion"'),
  ),
};
