/** The message table: Istio's templates rendered as Go does, unique codes, one analyzer file per code. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_MESSAGES, atOrAbove, formatTemplate, MSG, messageByCode, parseLevel } from './messages.ts';

test('templates render Go verbs: %s, %v with lists as [a b], %q quoted, %d', () => {
  assert.equal(formatTemplate(MSG.ReferencedResourceNotFound.template, ['gateway', 'public']), 'Referenced gateway not found: "public"');
  assert.equal(formatTemplate(MSG.VirtualServiceDestinationPortSelectorRequired.template, ['reviews', [80, 9090]]), 'This VirtualService routes to a service "reviews" that exposes multiple ports [80 9090]. Specifying a port in the destination is required to disambiguate.');
  assert.equal(formatTemplate('100%% %d', [5]), '100% 5');
});

test('codes are unique, SXT codes are outside Istio\'s range, and every analyzer file is named after its code', () => {
  const codes = ALL_MESSAGES.map((m) => m.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const c of codes) assert.match(c, /^(IST0\d{3}|SXT\d{4})$/);
  assert.equal(messageByCode('ist0145')?.name, 'ConflictingGateways');
  const files = readdirSync(join(import.meta.dirname, 'analyzers')).filter((f) => !f.endsWith('.test.ts'));
  const fileCodes = new Set(files.map((f) => f.slice(0, 7).toUpperCase()));
  for (const c of codes.filter((x) => !['IST0002', 'IST0133'].includes(x))) assert.ok(fileCodes.has(c), `an analyzer file for ${c}`);
});

test('levels order Error > Warning > Info', () => {
  assert.equal(atOrAbove('Error', 'Warning'), true);
  assert.equal(atOrAbove('Info', 'Warning'), false);
  assert.equal(parseLevel('WARN'), 'Warning');
  assert.equal(parseLevel('fatal'), undefined);
});
