/**
 * Runs the copy-paste examples of a docs page: every ```sh block holding one `npx sextant ...`
 * command followed by a ```text block is run through the CLI (from the repository root, as a reader
 * would) and must print exactly that text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';

export const REPO = join(import.meta.dirname, '..', '..');

export interface DocExample {
  command: string;
  expected: string;
}

export function docExamples(page: string): DocExample[] {
  const text = readFileSync(join(REPO, 'docs', page), 'utf8');
  const out: DocExample[] = [];
  const re = /```sh\n(npx sextant [^\n]+)\n```\s*\n```text\n([\s\S]*?)```/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ command: m[1], expected: m[2] });
  return out;
}

/** Splits a command line on spaces, honouring single and double quotes. */
export function argv(command: string): string[] {
  const parts = command.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
  return parts.map((p) => (/^['"]/.test(p) ? p.slice(1, -1) : p)).slice(2);
}

export async function runExample(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv(command), { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: () => new Uint8Array(), cwd: REPO });
  return { code, stdout, stderr };
}
