/**
 * `sextant analyze` as a command: exit statuses against --failure-threshold, the json and yaml
 * formats, --output-threshold, suppressions (istioctl's forms, globs, unknown codes), the
 * suppression annotation, stdin, --list-analyzers and usage errors.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';

const FIX = join(import.meta.dirname, 'fixtures');
const SEED000 = join(FIX, 'seed-000-original');
const SEED001 = [join(FIX, 'seed-001'), join(FIX, 'seed-001-steps', 'still-404')];

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['analyze', ...args], { stdout: (t) => void (out += t), stderr: (t) => void (err += t), readStdin: () => new TextEncoder().encode(stdin), cwd: process.cwd() });
  return { code, out, err };
}

test('exit 79 at or above --failure-threshold (default Error), 0 below it', async () => {
  assert.equal((await run([SEED000])).code, 79);
  const warnOnly = await run(SEED001);
  assert.equal(warnOnly.code, 0);
  assert.match(warnOnly.out, /^Warning \[IST0132\]/);
  assert.equal((await run(['--failure-threshold', 'Warning', ...SEED001])).code, 79);
  assert.equal((await run(['--failure-threshold', 'info', ...SEED001])).code, 79);
  const clean = await run([join(FIX, 'seed-001'), join(FIX, 'seed-001-steps', 'fixed')]);
  assert.deepEqual([clean.code, clean.out], [0, '']);
  assert.match(clean.err, /✔ No validation issues found when analyzing 3 files\./);
});

test('-o json and -o yaml: istioctl fields; --output-threshold filters what is shown, not the exit status', async () => {
  const j = await run(['-o', 'json', SEED000]);
  assert.equal(j.code, 79);
  const list = JSON.parse(j.out) as Record<string, string>[];
  assert.deepEqual(Object.keys(list[0]), ['code', 'level', 'origin', 'reference', 'message', 'documentationUrl']);
  assert.deepEqual([list[0].code, list[0].level, list[0].origin], ['IST0101', 'Error', 'VirtualService my-app2/my-app2']);
  assert.match(list[0].reference, /my-app2\.yaml:46$/);
  assert.equal(list[0].documentationUrl, 'https://istio.io/latest/docs/reference/config/analysis/ist0101/?ref=sextant-analyze');
  const y = await run(['-o', 'yaml', '--output-threshold', 'Error', SEED000]);
  const ylist = parse(y.out) as Record<string, string>[];
  assert.deepEqual(
    ylist.map((m) => m.code),
    ['IST0101', 'IST0145', 'IST0145'],
  );
  const sxt = list.find((m) => m.code === 'SXT0004')!;
  assert.equal(sxt.documentationUrl, 'docs/analyze.md#sxt0004');
});

test('--suppress in both istioctl forms, with globs; an unknown code warns', async () => {
  const a = await run(['-S', 'IST0145=Gateway *', '--suppress', 'IST0101=VirtualService my-app2.my-app2', '-S', 'ist0138=Gateway my-app?/*', SEED000]);
  assert.deepEqual(
    a.out.split('\n').filter(Boolean).map((l) => l.split(' ')[1]),
    ['[SXT0004]'],
  );
  assert.equal(a.code, 0, 'no Error left');
  const all = await run(['-S', '*=*', SEED000]);
  assert.deepEqual([all.code, all.out], [0, '']);
  const unknown = await run(['-S', 'IST9999=Gateway *', ...SEED001]);
  assert.match(unknown.err, /Warning: Supplied message code 'IST9999' is an unknown message code and will not have any effect\./);
  const bad = await run(['-S', 'IST0101', ...SEED001]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /"IST0101" is not a valid suppression/);
});

test('the galley.istio.io/analyze-suppress annotation; stdin as -', async () => {
  const vs = (annotations: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: default${annotations}
spec:
  hosts: [reviews]
  http:
  - route: [{destination: {host: reviews}}]
`;
  const r = await run(['-'], vs(''));
  assert.equal(r.code, 79);
  assert.match(r.out, /^Error \[IST0101\] \(VirtualService default\/reviews <stdin>:9\)/);
  const s = await run(['-'], vs('\n  annotations: {galley.istio.io/analyze-suppress: "IST0101"}'));
  assert.deepEqual([s.code, s.out], [0, '']);
});

test('-L lists the analyzers with their codes; usage errors exit 2', async () => {
  const l = await run(['-L']);
  assert.equal(l.code, 0);
  assert.match(l.out, /\* gateway\.ConflictingGatewayAnalyzer \(IST0145\):/);
  assert.equal((await run([])).code, 2);
  assert.equal((await run(['-o', 'xml', SEED000])).code, 2);
  assert.equal((await run(['--failure-threshold', 'Fatal', SEED000])).code, 2);
  assert.equal((await run(['--bogus', SEED000])).code, 2);
});
