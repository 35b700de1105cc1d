/**
 * Unit tests of what the harness writes: the SVG chart, the docs blocks, the Markdown tables, and
 * the peers' configurations (nginx's checked with `nginx -t` when nginx is installed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { barChart } from './svg-chart.ts';
import { replaceBlock } from './docs-file.ts';
import { renderSection } from './report.ts';
import { SCENARIOS, parseScenarioList, type LoadScenario } from './scenarios.ts';
import type { Sample } from './measure.ts';
import { routeTable } from './route-table.ts';
import { haproxyConf, haproxyMap } from './peer-kinds/haproxy.ts';
import { caddyConfig } from './peer-kinds/caddy.ts';
import { nginxConfigTest, nginxProxyConf } from './peer-kinds/nginx.ts';
import { sextantResources } from './sextant-resources.ts';
import { findExecutable, type CorePlan } from './env.ts';
import type { PeerSpec } from './peer.ts';

test('barChart draws one bar per value, scaled, escaped, highlighted', () => {
  const svg = barChart({
    title: 'A & B',
    panels: [{ title: 'req/s', groups: [{ label: 'g', bars: [{ label: 'x<y', value: 100, highlight: true }, { label: 'z', value: 50 }, { label: 'n', value: NaN }] }] }],
  });
  assert.match(svg, /^<svg /);
  assert.match(svg, /A &amp; B/);
  assert.match(svg, /x&lt;y/);
  const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(widths.length, 2);
  assert.equal(widths[0], 2 * widths[1]);
  assert.equal((svg.match(/class="bar hi"/g) ?? []).length, 1);
  assert.match(svg, />n\/a</);
});

test('replaceBlock replaces between markers and appends when absent', () => {
  const text = 'intro\n<!-- peers:S1:begin -->\nold\n<!-- peers:S1:end -->\nhand-written\n';
  const once = replaceBlock(text, 'S1', 'new');
  assert.equal(once, 'intro\n<!-- peers:S1:begin -->\nnew\n<!-- peers:S1:end -->\nhand-written\n');
  const twice = replaceBlock(once, 'S2', 'two');
  assert.ok(twice.endsWith('<!-- peers:S2:begin -->\ntwo\n<!-- peers:S2:end -->\n'));
  assert.ok(twice.includes('hand-written'));
});

test('parseScenarioList', () => {
  assert.deepEqual(parseScenarioList('s1, S3,s1'), ['S1', 'S3']);
  assert.equal(parseScenarioList(undefined).length, 6);
  assert.throws(() => parseScenarioList('S9'), /unknown scenario/);
});

function sample(rps: number, cpuUs: number): Sample {
  const run = { rps, cpuUs, p50: 1, p90: 2, p99: 3, errors: 0, requests: rps * 5, tool: 'wrk' };
  return { saturation: run, fixed: { ...run, rps: 2000, offered: 2000 }, peakRssMiB: 50 };
}

test('renderSection computes medians and Sextant ÷ peer ratios', () => {
  const s = SCENARIOS.S1 as LoadScenario;
  const cases = s.cases({ originPorts: [1, 2], rate: 2000 }).slice(0, 1);
  const md = renderSection(
    {
      scenario: s,
      cases,
      skips: ['caddy not found: skipped (install: apt-get install caddy)'],
      runs: [
        { peerId: 'sextant', peerLabel: 'Sextant', caseLabel: cases[0].label, samples: [sample(10000, 50), sample(12000, 40), sample(11000, 45)] },
        { peerId: 'nginx', peerLabel: 'nginx', caseLabel: cases[0].label, samples: [sample(22000, 20), sample(22000, 22), sample(22000, 25)] },
      ],
    },
    { command: 'npm run bench -- peers', date: 'today' },
  );
  assert.match(md, /skipped: caddy not found/);
  assert.match(md, /\| 16 connections \| \*\*Sextant\*\* \| 11,000 ±9% \| 45\.0 ±11% \|/);
  // 11000 / 22000 and 45 / 22
  assert.match(md, /\| nginx \| 22,000 ±0% \| 22\.0 ±11% \|.*\| 0\.50 \| 2\.05 \|$/m);
});

test('renderSection shows what each peer negotiated in a TLS case and flags a different protocol', () => {
  const s = SCENARIOS.S2 as LoadScenario;
  const cases = s.cases({ originPorts: [1, 2], rate: 2000 }).slice(1, 2);
  const withTls = (x: Sample, protocol: string, resumes: boolean): Sample => ({ ...x, tls: { protocol, cipher: protocol === 'TLSv1.3' ? 'TLS_AES_256_GCM_SHA384' : 'ECDHE-ECDSA-AES256-GCM-SHA384', resumes } });
  const md = renderSection(
    {
      scenario: s,
      cases,
      skips: [],
      runs: [
        { peerId: 'sextant', peerLabel: 'Sextant', caseLabel: cases[0].label, samples: [withTls(sample(1000, 900), 'TLSv1.3', true)] },
        { peerId: 'nginx', peerLabel: 'nginx', caseLabel: cases[0].label, samples: [withTls(sample(2500, 300), 'TLSv1.2', true)] },
        { peerId: 'caddy', peerLabel: 'Caddy', caseLabel: cases[0].label, samples: [withTls(sample(1400, 680), 'TLSv1.3', false)] },
      ],
    },
    { command: 'npm run bench -- peers', date: 'today' },
  );
  assert.match(md, /\| TLS negotiated \| Sextant ÷ peer: req\/s \|/);
  assert.match(md, /\*\*Sextant\*\* .*\| TLSv1\.3 TLS_AES_256_GCM_SHA384, resumes \| 1\.00 \| 1\.00 \|$/m);
  assert.match(md, /\| Caddy .*\| TLSv1\.3 TLS_AES_256_GCM_SHA384, no resumption \|/);
  assert.match(md, /⚠ nginx, new connection per request, 16 concurrent: negotiated TLSv1\.2 where Sextant negotiated TLSv1\.3/);
  assert.doesNotMatch(md, /⚠ Caddy/);
});

const plan: CorePlan = { pinned: false, cores: 1, proxy: 0, origin: 0, load: 0 };

function spec(dir: string): PeerSpec {
  return { table: routeTable(10, [7001, 7002]), port: 7000, h2c: false, workDir: dir, plan, loader: 'bundle', tls: { cert: '/c.pem', key: '/k.pem', combined: '/ck.pem' } };
}

test('peer configurations route every host/path of the table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-conf-'));
  try {
    const sp = spec(dir);
    const map = haproxyMap(sp);
    assert.equal(map.trim().split('\n').length, 10);
    assert.match(map, /^svc-1\.bench\.local\/api-4\/ origin_b$/m);
    assert.match(haproxyConf(sp, '/m'), /bind 127\.0\.0\.1:7000 ssl crt \/ck\.pem/);
    assert.match(haproxyConf(sp, '/m'), /^ {2}nbthread 1$/m);
    const caddy = JSON.stringify(caddyConfig(sp));
    assert.equal((caddy.match(/"reverse_proxy"/g) ?? []).length, 10);
    const nginx = nginxProxyConf(sp);
    assert.equal((nginx.match(/location \/api-/g) ?? []).length, 10);
    assert.match(nginx, /worker_processes 1;/);
    assert.match(nginx, /ssl_protocols TLSv1\.2 TLSv1\.3;/);
    const res = sextantResources(sp.table, 7000, sp.tls);
    assert.equal(res.routes[0].virtualHosts!.length, 2);
    assert.equal(res.routes[0].virtualHosts!.reduce((n, v) => n + v.routes!.length, 0), 10);
    assert.equal(res.clusters.length, 2);
    assert.equal(res.endpoints[1].endpoints![0].lbEndpoints![0].endpoint!.address.socketAddress!.portValue, 7002);
    if (findExecutable('nginx')) nginxConfigTest(dir, nginxProxyConf({ ...sp, tls: undefined }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
