/** docs/explain.md's examples print exactly what the page shows. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { docExamples, REPO, runExample } from '../analyze/doc-examples.ts';

process.chdir(REPO);

test('docs/explain.md: every example runs and prints what the page shows', async () => {
  const examples = docExamples('explain.md');
  assert.equal(examples.length, 2);
  for (const ex of examples) {
    const r = await runExample(ex.command);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, ex.expected, ex.command);
  }
});
