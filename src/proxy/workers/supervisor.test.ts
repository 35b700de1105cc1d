/** Merging the workers' stats: identical series are summed, comment lines kept once. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSeries } from './supervisor.ts';

test('Prometheus series with the same labels are summed across workers', () => {
  const a = '# TYPE x counter\nx{a="1"} 2\nx{a="2"} 1\n';
  const b = '# TYPE x counter\nx{a="1"} 3\ny 4\n';
  assert.equal(mergeSeries([a, b], ' '), '# TYPE x counter\nx{a="1"} 5\nx{a="2"} 1\ny 4\n');
  assert.equal(mergeSeries(['c.x: 1\nc.y: 2\n', 'c.x: 4\n'], ': '), 'c.x: 5\nc.y: 2\n');
});
