/**
 * Loads Envoy's v3 protos (and the xds, udpa, googleapis and protoc-gen-validate protos they import)
 * from the copy shipped inside `@grpc/grpc-js-xds/deps` into one protobufjs Root, cached for the
 * process. The core xDS files load eagerly (about 0.2 s); any other message named by an Any `@type`
 * is loaded on first use from the folder its package maps to (`envoy.extensions.filters.http.fault.v3`
 * → `envoy/extensions/filters/http/fault/v3/*.proto`). Nothing is copied into the repository.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);

/** The proto files loaded up front: the ADS service, the five resource types and common extensions. */
export const CORE_PROTO_FILES = [
  'envoy/service/discovery/v3/ads.proto',
  'envoy/config/listener/v3/listener.proto',
  'envoy/config/route/v3/route.proto',
  'envoy/config/cluster/v3/cluster.proto',
  'envoy/config/endpoint/v3/endpoint.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  'envoy/extensions/transport_sockets/tls/v3/secret.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  'envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto',
  'envoy/extensions/filters/http/router/v3/router.proto',
  'envoy/extensions/filters/http/fault/v3/fault.proto',
  'envoy/extensions/upstreams/http/v3/http_protocol_options.proto',
];

export interface ProtoLoadStats {
  /** Milliseconds spent loading the core files (0 until loaded). */
  coreLoadMs: number;
  /** Milliseconds spent loading packages on demand since. */
  lazyLoadMs: number;
  /** Number of .proto files in the root. */
  files: number;
  /** Packages loaded on demand, in order. */
  lazyPackages: string[];
}

let cached: protobuf.Root | undefined;
const stats: ProtoLoadStats = { coreLoadMs: 0, lazyLoadMs: 0, files: 0, lazyPackages: [] };
const triedPackages = new Set<string>();

/** The folders holding the protos, in import-resolution order. */
export function protoIncludeDirs(): string[] {
  const pkgJson = require.resolve('@grpc/grpc-js-xds/package.json');
  const deps = join(dirname(pkgJson), 'deps');
  return ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => join(deps, d));
}

function registerDescriptorProto(): void {
  // protobufjs bundles any/duration/struct/...; descriptor.proto (imported by validate.proto and the
  // udpa/xds annotations) ships as JSON beside it and must be registered as a common file.
  const descriptor = require('protobufjs/google/protobuf/descriptor.json') as { nested: { google: { nested: { protobuf: { nested: Record<string, unknown> } } } } };
  protobuf.common('descriptor', descriptor.nested.google.nested.protobuf.nested);
}

function newRoot(includeDirs: string[]): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin: string, target: string) => {
    if (isAbsolute(target)) return target;
    for (const dir of includeDirs) {
      const p = join(dir, target);
      if (existsSync(p)) return p;
    }
    return target;
  };
  return root;
}

/** The shared Root with the core Envoy protos loaded (loads once, then returns the cached Root). */
export function envoyRoot(): protobuf.Root {
  if (cached) return cached;
  const t0 = performance.now();
  registerDescriptorProto();
  const root = newRoot(protoIncludeDirs());
  root.loadSync(CORE_PROTO_FILES, { keepCase: true });
  root.resolveAll();
  stats.coreLoadMs = performance.now() - t0;
  stats.files = root.files.length;
  cached = root;
  return root;
}

/** Load timings and counts, for `--debug` output and the README's numbers. */
export function protoLoadStats(): ProtoLoadStats {
  return { ...stats, lazyPackages: [...stats.lazyPackages] };
}

function lookupTypeOrUndefined(root: protobuf.Root, fullName: string): protobuf.Type | undefined {
  const found = root.lookup(fullName.startsWith('.') ? fullName : `.${fullName}`);
  return found instanceof protobuf.Type ? found : undefined;
}

/** Loads every .proto in the folder a package maps to; false when no such folder exists. */
function loadPackage(root: protobuf.Root, pkg: string): boolean {
  if (triedPackages.has(pkg)) return false;
  triedPackages.add(pkg);
  const rel = pkg.split('.').join('/');
  for (const dir of protoIncludeDirs()) {
    const folder = join(dir, rel);
    if (!existsSync(folder)) continue;
    const files = readdirSync(folder).filter((f) => f.endsWith('.proto')).map((f) => join(folder, f));
    if (files.length === 0) continue;
    const t0 = performance.now();
    root.loadSync(files, { keepCase: true });
    root.resolveAll();
    stats.lazyLoadMs += performance.now() - t0;
    stats.files = root.files.length;
    stats.lazyPackages.push(pkg);
    return true;
  }
  return false;
}

/**
 * The message type with this full name (`envoy.config.cluster.v3.Cluster`), loading its package on
 * demand; undefined when neither the root nor the shipped protos define it.
 */
const typeCache = new Map<string, protobuf.Type | undefined>();

export function findMessageType(fullName: string): protobuf.Type | undefined {
  if (typeCache.has(fullName)) return typeCache.get(fullName);
  const t = findUncached(fullName);
  typeCache.set(fullName, t);
  return t;
}

function findUncached(fullName: string): protobuf.Type | undefined {
  const root = envoyRoot();
  const name = fullName.replace(/^\./, '');
  const hit = lookupTypeOrUndefined(root, name);
  if (hit) return hit;
  const pkg = name.slice(0, name.lastIndexOf('.'));
  // Nested messages (pkg.Outer.Inner): try shorter package prefixes too.
  for (let p = pkg; p.includes('.'); p = p.slice(0, p.lastIndexOf('.'))) {
    try {
      if (loadPackage(root, p)) return lookupTypeOrUndefined(root, name);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Like findMessageType, but throws a clear error for an unknown name. */
export function messageType(fullName: string): protobuf.Type {
  const t = findMessageType(fullName);
  if (!t) throw new Error(`unknown protobuf message type "${fullName}"`);
  return t;
}
