/**
 * Writes the harness's output into docs/benchmarks.md without touching what people wrote there:
 * each generated block sits between `<!-- peers:ID:begin -->` and `<!-- peers:ID:end -->` markers
 * and only the blocks of the scenarios just run are replaced (a missing block is appended). Charts
 * go to docs/benchmarks/<id>.svg.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const INTRO = `# Benchmarks

Sextant's proxy side by side with the proxies a user would otherwise pick — nginx, HAProxy, Caddy,
\`@fastify/http-proxy\` (undici), \`http-proxy\` and a plain Node.js \`http\` proxy — measured in the
same run on the same machine. The blocks between \`peers:\` markers below are written by the harness
(\`npm run bench -- peers\`, see bench/README.md); everything outside them is hand-written.
`;

export function begin(id: string): string {
  return `<!-- peers:${id}:begin -->`;
}

export function end(id: string): string {
  return `<!-- peers:${id}:end -->`;
}

/** Replaces (or appends) the block `id` of `text` with `body`. Pure. */
export function replaceBlock(text: string, id: string, body: string): string {
  const b = begin(id);
  const e = end(id);
  const block = `${b}\n${body.trimEnd()}\n${e}`;
  const i = text.indexOf(b);
  const j = text.indexOf(e);
  if (i >= 0 && j > i) return text.slice(0, i) + block + text.slice(j + e.length);
  return `${text.trimEnd()}\n\n${block}\n`;
}

export function updateDocs(path: string, blocks: { id: string; body: string }[]): void {
  let text = existsSync(path) ? readFileSync(path, 'utf8') : INTRO;
  for (const { id, body } of blocks) text = replaceBlock(text, id, body);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}
