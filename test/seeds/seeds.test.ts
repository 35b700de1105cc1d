/**
 * Every YAML example of the five seed documents, written out under test/seeds/NNN/, loaded one file at
 * a time through the real loader and compared with its verdict (verdicts-*.ts): the resources that
 * load, and the exact diagnostics — severity, line, column and message.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadPaths } from '../../src/config/load.ts';
import { disagreements, type Verdict } from './expect.ts';
import { VERDICTS_000_002_004 } from './verdicts-000-002-004.ts';
import { VERDICTS_003A } from './verdicts-003a.ts';
import { VERDICTS_003B } from './verdicts-003b.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const VERDICTS: Record<string, Verdict> = { ...VERDICTS_000_002_004, ...VERDICTS_003A, ...VERDICTS_003B };

function fixtures(): string[] {
  return readdirSync(HERE)
    .filter((d) => /^\d{3}$/.test(d))
    .sort()
    .flatMap((d) => readdirSync(join(HERE, d)).filter((f) => f.endsWith('.yaml')).sort().map((f) => `${d}/${f}`));
}

describe('seed fixtures', () => {
  test('every fixture has a verdict and every verdict a fixture', () => {
    const files = fixtures();
    assert.deepEqual(files.filter((f) => !(f in VERDICTS)), [], 'fixtures without a verdict');
    assert.deepEqual(Object.keys(VERDICTS).filter((k) => !files.includes(k)), [], 'verdicts without a fixture');
    assert.ok(files.length >= 130, `expected all the seed examples, found ${files.length}`);
  });

  for (const name of Object.keys(VERDICTS).sort()) {
    const verdict = VERDICTS[name];
    test(`${name}: ${verdict.diagnostics.some((d) => d.severity === 'Error' && !d.optional) ? 'invalid' : 'valid'}`, () => {
      const file = join(HERE, name);
      const result = loadPaths([file]);
      for (const d of result.diagnostics) assert.equal(d.file, file, `diagnostic names its file: ${d.message}`);
      const problems = disagreements(result.diagnostics, verdict);
      if (result.resources.length !== verdict.resources) problems.push(`resources: expected ${verdict.resources}, got ${result.resources.length}`);
      assert.deepEqual(problems, [], `${name} — ${verdict.why}`);
    });
  }
});
