/**
 * The ingress configuration of the explain/proxy conformance test: a gateway workload, one Gateway
 * (plain HTTP hosts, an httpsRedirect host, two HTTPS hosts with their own certificates), the web
 * Service with v1/v2 WorkloadEntries on the ports of two running httpbins, subsets v1/v2/v3 (v3
 * selects nothing), and VirtualServices exercising each kind of match and action.
 */
import type { Pem } from '../helpers/certs.ts';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

const secret = (name: string, pem: Pem): string => `
apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: istio-system}
type: kubernetes.io/tls
data:
  tls.crt: ${b64(pem.cert)}
  tls.key: ${b64(pem.key)}`;

const vs = (name: string, host: string, subset: string): string => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default}
spec:
  hosts: [${host}]
  gateways: [gw]
  http:
  - route: [{destination: {host: web, subset: ${subset}}}]`;

export function conformanceConfig(o: { v1: number; v2: number; shop: Pem; blog: Pem }): string {
  return [
    `
apiVersion: apps/v1
kind: Deployment
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec: {containers: [{name: istio-proxy, image: istio/proxyv2}]}`,
    secret('shop-cert', o.shop),
    secret('blog-cert', o.blog),
    `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [web.example.com, old.example.com]
  - port: {number: 80, name: http-secure, protocol: HTTP}
    hosts: [secure.example.com]
    tls: {httpsRedirect: true}
  - port: {number: 443, name: https-shop, protocol: HTTPS}
    hosts: [shop.example.com]
    tls: {mode: SIMPLE, credentialName: shop-cert}
  - port: {number: 443, name: https-blog, protocol: HTTPS}
    hosts: [blog.example.com]
    tls: {mode: SIMPLE, credentialName: blog-cert}`,
    `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8000}]`,
    `
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: web-v1, namespace: default}
spec: {address: 127.0.0.1, ports: {http: ${o.v1}}, labels: {app: web, version: v1}}`,
    `
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: {name: web-v2, namespace: default}
spec: {address: 127.0.0.1, ports: {http: ${o.v2}}, labels: {app: web, version: v2}}`,
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: web, namespace: default}
spec:
  host: web
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}, {name: v3, labels: {version: v3}}]`,
    `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: default}
spec:
  hosts: [web.example.com]
  gateways: [gw]
  http:
  - match: [{headers: {x-canary: {exact: "true"}}}]
    route: [{destination: {host: web, subset: v2}}]
  - match: [{method: {exact: POST}}]
    route: [{destination: {host: web, subset: v2}}]
  - match: [{queryParams: {debug: {exact: "1"}}}]
    route: [{destination: {host: web, subset: v2}}]
  - match: [{uri: {regex: "/re/[0-9]+"}}]
    route: [{destination: {host: web, subset: v2}}]
  - match: [{uri: {prefix: /case/}, ignoreUriCase: true}]
    route: [{destination: {host: web, subset: v2}}]
  - match: [{uri: {prefix: /old}}]
    redirect: {uri: /new}
  - match: [{uri: {exact: /down}}]
    directResponse: {status: 503}
  - match: [{uri: {exact: /teapot}}]
    fault: {abort: {httpStatus: 418, percentage: {value: 100}}}
    route: [{destination: {host: web, subset: v1}}]
  - match: [{uri: {prefix: /v3/}}]
    route: [{destination: {host: web, subset: v3}}]
  - match: [{uri: {prefix: /nc/}}]
    route: [{destination: {host: web, subset: v9}}]
  - match: [{uri: {prefix: /rewrite/}}]
    rewrite: {uri: /status/}
    route: [{destination: {host: web, subset: v1}}]
  - route: [{destination: {host: web, subset: v1}}]`,
    vs('secure', 'secure.example.com', 'v1'),
    vs('shop', 'shop.example.com', 'v1'),
    vs('blog', 'blog.example.com', 'v2'),
  ]
    .map((d) => d.trim())
    .join('\n---\n');
}
