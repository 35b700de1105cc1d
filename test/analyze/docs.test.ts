/** docs/analyze.md's examples print exactly what the page shows, with the exit status it states. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { docExamples, REPO, runExample } from './doc-examples.ts';

process.chdir(REPO);

test('docs/analyze.md: every example runs and prints what the page shows', async () => {
  const examples = docExamples('analyze.md');
  assert.equal(examples.length, 2);
  const codes: number[] = [];
  for (const ex of examples) {
    const r = await runExample(ex.command);
    assert.equal(r.stdout, ex.expected, ex.command);
    codes.push(r.code);
  }
  assert.deepEqual(codes, [79, 0], 'the exit statuses the page states');
});
