/** Unit tests of the benchmark statistics, the wrk parser and the route table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, percentile, ratio, spreadPercent } from './stats.ts';
import { parseWrk } from './loadgen-parse.ts';
import { clusterTable, routeTable } from './route-table.ts';

test('median, spread and percentile', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  assert.equal(median([NaN, 5]), 5);
  assert.equal(spreadPercent([90, 100, 110]), 10);
  assert.equal(spreadPercent([7]), 0);
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 50), 50);
  assert.equal(percentile(sorted, 99), 99);
  assert.equal(percentile(sorted, 100), 100);
  assert.equal(ratio(50, 100), 0.5);
  assert.ok(Number.isNaN(ratio(1, 0)));
});

const WRK = `Running 5s test @ http://127.0.0.1:8080/api-4/item
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   612.00us  200.10us   9.50ms   90.00%
    Req/Sec    26.12k     1.20k   28.00k    80.00%
  Latency Distribution
     50%  580.00us
     75%  700.00us
     90%    1.20ms
     99%    2.50s
  130600 requests in 5.00s, 150.00MB read
  Socket errors: connect 1, read 7, write 2, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:  26120.00
Transfer/sec:     30.00MB
`;

test('parseWrk reads totals, percentiles with units, and failures', () => {
  const r = parseWrk(WRK);
  assert.equal(r.requests, 130600 - 4);
  assert.equal(r.seconds, 5);
  assert.equal(r.rps, (130600 - 4) / 5);
  assert.equal(r.p50, 0.58);
  assert.equal(r.p90, 1.2);
  assert.equal(r.p99, 2500);
  // connect + write + timeout + non-2xx; read errors are how Connection: close shows up.
  assert.equal(r.errors, 1 + 2 + 3 + 4);
  assert.throws(() => parseWrk('garbage'), /unexpected wrk output/);
});

test('routeTable spreads routes over hosts and targets the last one', () => {
  const t = routeTable(12, [1001, 1002]);
  assert.equal(t.hosts.length, 3);
  assert.equal(t.hosts.reduce((n, h) => n + h.routes.length, 0), 12);
  assert.deepEqual(t.upstreams.map((u) => u.port), [1001, 1002]);
  assert.deepEqual(t.target, { host: 'svc-2.bench.local', path: '/api-1/item' });
  assert.equal(t.hosts[2].routes[1].upstream, 11 % 2);
  const c = clusterTable(3, 1001);
  assert.equal(c.upstreams.length, 3);
  assert.deepEqual(c.hosts[2], { host: 'c2.bench.local', routes: [{ prefix: '/', upstream: 2 }] });
  assert.equal(clusterTable(0, 1001).target, undefined);
});
