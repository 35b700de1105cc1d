/** Unit test of the .cpuprofile summary: self time per function, idle left out of the shares. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topSelfTime, type CpuProfile } from './profile-top.ts';

test('topSelfTime sums self time per function and leaves idle out', () => {
  const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('decode', 'file:///elsewhere/active-stream.ts', 9) },
      { id: 4, callFrame: frame('writev') },
    ],
    samples: [2, 3, 4, 3, 2],
    timeDeltas: [5000, 1000, 2000, 1000, 5000],
  };
  const r = topSelfTime(profile, 5);
  assert.equal(r.idle, 10);
  assert.equal(r.total, 4);
  assert.deepEqual(r.top.map((t) => [t.fn, t.ms, t.share]), [['decode', 2, 0.5], ['writev', 2, 0.5]]);
  assert.match(r.top[0].where, /active-stream\.ts:10$/);
  assert.equal(r.top[1].where, '(native)');
});
