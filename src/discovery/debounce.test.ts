/** Tests for debounce.ts with mocked timers: quiet-period merging and the maximum delay. */
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { Debouncer, type MergedChange } from './debounce.ts';

test('changes within the quiet period merge into one push; the max delay bounds a steady stream', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const fired: MergedChange[] = [];
    const d = new Debouncer(100, 300, (m) => fired.push(m), () => Date.now());
    d.add({ reason: 'config', configs: ['VirtualService/default/a'] });
    mock.timers.tick(60);
    d.add({ reason: 'endpoint' });
    mock.timers.tick(60);
    assert.equal(fired.length, 0, 'still quiet-period waiting');
    mock.timers.tick(100);
    assert.equal(fired.length, 1);
    assert.deepEqual(fired[0].reasons, { config: 1, endpoint: 1 });
    assert.deepEqual(fired[0].configs, ['VirtualService/default/a']);
    for (let i = 0; i < 10; i++) {
      d.add({ reason: 'config' });
      mock.timers.tick(50);
    }
    assert.equal(fired.length, 2, 'a change every 50 ms still pushes after 300 ms');
    assert.ok(fired[1].events >= 6 && fired[1].events <= 7);
    d.flush();
    assert.equal(fired.length, 3);
    d.flush();
    assert.equal(fired.length, 3, 'nothing pending, nothing fired');
  } finally {
    mock.timers.reset();
  }
});

test('invalid debounce settings are rejected in the constructor', () => {
  assert.throws(() => new Debouncer(-1, 10, () => {}), RangeError);
  assert.throws(() => new Debouncer(100, 50, () => {}), RangeError);
});
