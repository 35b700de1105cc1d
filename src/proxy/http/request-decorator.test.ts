/** Request decoration: XFF, XFP, x-envoy-internal, internal-only header cleaning, request ids, B3. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInternalAddress } from '../common/ip.ts';
import type { DownstreamConnection } from '../listener/downstream-connection.ts';
import type { RequestHeaders } from '../router/header-mutation.ts';
import type { HcmConfig } from './hcm-config.ts';
import { decorateRequest } from './request-decorator.ts';

const hcm = (over: Partial<HcmConfig> = {}) => ({ useRemoteAddress: true, skipXffAppend: false, generateRequestId: true, preserveExternalRequestId: false, tracingSample: undefined, forwardClientCert: 'SANITIZE', ...over }) as HcmConfig;
const conn = (ip: string) => ({ remoteIp: ip, remoteInternal: isInternalAddress(ip), tlsTerminated: false }) as DownstreamConnection;

test('an internal peer: XFF appended, x-envoy-internal set, request id kept', () => {
  const h: RequestHeaders = { 'x-forwarded-for': '1.2.3.4', 'x-request-id': 'keep-me', 'x-envoy-retry-on': '5xx' };
  assert.equal(decorateRequest(hcm(), conn('10.0.0.7'), h, 'https'), true);
  assert.equal(h['x-forwarded-for'], '1.2.3.4,10.0.0.7');
  assert.equal(h['x-forwarded-proto'], 'https');
  assert.equal(h['x-envoy-internal'], 'true');
  assert.equal(h['x-request-id'], 'keep-me');
  assert.equal(h['x-envoy-retry-on'], '5xx');
});

test('an external peer: internal-only headers removed, request id regenerated, external address set', () => {
  const h: RequestHeaders = { 'x-request-id': 'spoofed', 'x-envoy-internal': 'true', 'x-envoy-retry-on': '5xx', 'x-forwarded-client-cert': 'By=x' };
  assert.equal(decorateRequest(hcm(), conn('8.8.8.8'), h, 'http'), false);
  assert.equal(h['x-envoy-internal'], undefined);
  assert.equal(h['x-envoy-retry-on'], undefined);
  assert.equal(h['x-envoy-external-address'], '8.8.8.8');
  assert.notEqual(h['x-request-id'], 'spoofed');
  assert.equal(h['x-forwarded-client-cert'], undefined, 'SANITIZE drops a client-supplied XFCC');
  const kept: RequestHeaders = { 'x-request-id': 'mine' };
  decorateRequest(hcm({ preserveExternalRequestId: true }), conn('8.8.8.8'), kept, 'http');
  assert.equal(kept['x-request-id'], 'mine');
});

test('B3: a trace is started when tracing is on, and continued with a child span', () => {
  const h: RequestHeaders = {};
  decorateRequest(hcm({ tracingSample: 0 }), conn('127.0.0.1'), h, 'http');
  assert.match(String(h['x-b3-traceid']), /^[0-9a-f]{32}$/);
  assert.match(String(h['x-b3-spanid']), /^[0-9a-f]{16}$/);
  assert.equal(h['x-b3-sampled'], '0');
  const child: RequestHeaders = { 'x-b3-traceid': 't'.repeat(32), 'x-b3-spanid': 'p'.repeat(16), 'x-b3-sampled': '1' };
  decorateRequest(hcm({ tracingSample: 0 }), conn('127.0.0.1'), child, 'http');
  assert.equal(child['x-b3-parentspanid'], 'p'.repeat(16));
  assert.equal(child['x-b3-sampled'], '1');
  const untouched: RequestHeaders = { 'x-b3-traceid': 'abc' };
  decorateRequest(hcm(), conn('127.0.0.1'), untouched, 'http');
  assert.deepEqual(Object.keys(untouched).filter((k) => k.startsWith('x-b3')), ['x-b3-traceid'], 'without tracing, B3 headers pass through');
});
