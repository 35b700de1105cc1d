/** CEL syntax checking: expressions Istio's docs and users write, and malformed ones. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { celSyntaxError } from './cel.ts';

const valid = [
  'response.code >= 400',
  "connection.mtls && request.url_path.contains('v1beta3')",
  '!has(request.useragent) || !(request.useragent.startsWith("Amazon-Route53-Health-Check-Service"))',
  'response.code >= 500 || response.code == 0',
  "request.headers['x-debug'] == 'true'",
  'request.method in ["GET", "HEAD"]',
  'size(request.path) > 10u',
  'xds.cluster_name.startsWith("outbound|") ? true : false',
  'response.duration > duration("1s")',
  '-1 < 0x10 && 1.5e3 > .5 && 2e-2 < 1.0',
  "r'\\d+' != b'bytes' && '''multi\nline''' != \"\"\"x\"\"\"",
  '"esc\\n\\t\\x41\\u00e9\\101" != ""',
  '{"a": 1, "b": [1, 2, 3,],}.size() == 2',
  'google.protobuf.Duration{seconds: 10} != null',
  '[1, 2].all(x, x > 0) && [1].exists(y, y == 1) && [1].map(z, z * 2) == [2]',
  '!!true',
  '--1 == 1',
  'a.b.c[0]["k"].d(e, f)',
  '.fully.qualified.name == 1',
  '// a comment\nresponse.code == 404',
  'has(request.headers.x) && has(a.b.c)',
  '(((1)))',
  'request.size % 2 == 0 && request.size / 2 * 2 - 1 + 1 == request.size',
];

const invalid: [string, string][] = [
  ['', 'the expression is empty'],
  ['   ', 'the expression is empty'],
  ['response.code >=', "found end of input"],
  ['response.code >= >= 400', "found '>='"],
  ['a &&& b', 'unexpected character "&"'],
  ['a = 1', "unexpected character \"=\""],
  ['(a', "expected ')'"],
  ['a)', 'expected an operator or end of expression'],
  ['f(a,)', 'expected an argument'],
  ['"unterminated', 'unterminated string literal'],
  ["'line\nbreak'", 'unterminated string literal'],
  ['"bad \\q escape"', 'invalid escape sequence'],
  ['"\\x4"', 'invalid escape sequence'],
  ['has(a)', 'invalid argument to has() macro'],
  ['has(a.b, c)', 'invalid argument to has() macro'],
  ['has(f(x))', 'invalid argument to has() macro'],
  ['a ? b', "expected ':'"],
  ['1abc', 'malformed number'],
  ['1.', 'malformed number'],
  ['a.', 'expected an identifier'],
  ['a.1', 'expected an operator or end of expression'],
  ['if == 1', "reserved identifier 'if'"],
  ['a.while', "reserved identifier 'while'"],
  ['{"a" 1}', "expected ':'"],
  ['[1 2]', "expected ']'"],
  ['a @ b', 'unexpected character "@"'],
  ['a b', 'expected an operator or end of expression'],
  ['T{a: 1 b: 2}', "expected '}'"],
];

for (const e of valid) test(`CEL valid: ${JSON.stringify(e)}`, () => assert.equal(celSyntaxError(e), undefined));
for (const [e, msg] of invalid) {
  test(`CEL invalid: ${JSON.stringify(e)}`, () => {
    const err = celSyntaxError(e);
    assert.ok(err?.includes(msg), `got ${err}`);
  });
}

test('CEL: column of the error', () => assert.match(celSyntaxError('response.code >= )')!, /^Syntax error at column 18: /));

test('CEL: deep nesting is an error, not a stack overflow', () => {
  assert.match(celSyntaxError('('.repeat(5000) + '1' + ')'.repeat(5000))!, /nested deeper than 250 levels/);
  assert.match(celSyntaxError('!'.repeat(100000) + 'a') ?? 'ok', /ok/);
});
