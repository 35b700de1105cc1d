/**
 * Every YAML example in docs/ is loaded and validated, and must give the verdict its first line
 * declares: `# expect: error <message text>` or `# expect: warning <message text>`; an example
 * without such a line (or with `# expect: valid`) must validate without errors.
 * Keeps the documentation's copy-paste examples true.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadText } from '../../src/config/load.ts';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? markdownFiles(p) : n.endsWith('.md') ? [p] : [];
  });
}

const BLOCK = /```yaml\n([\s\S]*?)```/g;

for (const file of markdownFiles('docs')) {
  const text = readFileSync(file, 'utf8');
  let i = 0;
  for (const m of text.matchAll(BLOCK)) {
    const yaml = m[1];
    const n = ++i;
    const expect = /^# expect: (valid|error|warning)\s*(.*)$/m.exec(yaml.split('\n')[0] ?? '') ?? ['', 'valid', ''];
    test(`${file} example ${n}`, () => {
      const { diagnostics } = loadText(yaml, `${file}#${n}`);
      const errors = diagnostics.filter((d) => d.severity === 'Error');
      if (expect[1] === 'valid') {
        assert.deepEqual(errors.map((d) => d.message), []);
      } else {
        const wanted = diagnostics.filter((d) => d.severity.toLowerCase() === expect[1]);
        assert.ok(wanted.some((d) => d.message.includes(expect[2])), `expected a ${expect[1]} containing "${expect[2]}", got:\n${diagnostics.map((d) => `${d.severity}: ${d.message}`).join('\n')}`);
      }
    });
  }
}
