/** Path normalization against the cases Envoy documents for normalize_path, merge_slashes and escaped slashes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalPath, mergeSlashes, normalizeRequestPath, type PathNormalizationConfig } from './path-normalization.ts';

test('canonical paths: dot segments, missing root, backslashes, escaped dots', () => {
  const cases: [string, string][] = [
    ['/xyz', '/xyz'],
    ['/x/y/z', '/x/y/z'],
    ['/index.html', '/index.html'],
    ['/a/b/../c', '/a/c'],
    ['/a/b/./c', '/a/b/c'],
    ['a/b/../c', '/a/c'],
    ['/a/b/../../../../c', '/c'],
    ['/a/..\\c', '/c'],
    ['/%c0%af', '/%c0%af'],
    ['/%5c%25', '/%5c%25'],
    ['/a/b/%2E%2E/c', '/a/c'],
    ['/a/b/%2e%2e/c', '/a/c'],
    ['/a/b/%2E./c', '/a/c'],
    ['/a/b/%2E/c', '/a/b/c'],
    ['..', '/'],
    ['/../a/b', '/a/b'],
    ['/./a/b', '/a/b'],
    ['/foo/bar/..', '/foo/'],
    ['/foo/.', '/foo/'],
    ['/foo/..bar', '/foo/..bar'],
    ['/A/B/C', '/A/B/C'],
    ['/a/%2F%2f/c', '/a/%2F%2f/c'],
    ['/a//b', '/a//b'],
    ['/caf\u00e9', '/caf%C3%A9'],
    // Istio's integration cases for pathNormalization BASE
    ['/app/../admin', '/admin'],
    ['/app//', '/app//'],
    ['/app/%2f', '/app/%2f'],
    ['/xyz%30..//abc', '/xyz0..//abc'],
    ['/app/%2E./admin', '/admin'],
    ['/app\\admin', '/app/admin'],
    ['/app/\\/\\/\\admin', '/app//////admin'],
    ['/%2Fapp%5cadmin%5Cabc', '/%2Fapp%5cadmin%5Cabc'],
    ['/%5Capp%2f%5c%2F%2e%2e%2fadmin%5c\\abc', '/%5Capp%2f%5c%2F..%2fadmin%5c/abc'],
    ['/app//../admin', '/app/admin'],
    ['/app//../../admin', '/admin'],
  ];
  for (const [input, want] of cases) assert.equal(canonicalPath(input), want, input);
});

test('an escaped NUL makes the path invalid', () => {
  for (const p of ['/xyz/.%00../abc', '/xyz/%00.%00./abc', '/xyz/AAAAA%%0000/abc']) assert.equal(canonicalPath(p), undefined, p);
});

test('merge_slashes collapses runs of slashes', () => {
  assert.equal(mergeSlashes('/a//b/c/'), '/a/b/c/');
  assert.equal(mergeSlashes('//a/b/c'), '/a/b/c');
  assert.equal(mergeSlashes('/a////b/c'), '/a/b/c');
  assert.equal(mergeSlashes('/a'), '/a');
});

const BASE: PathNormalizationConfig = { normalizePath: true, mergeSlashes: false, escapedSlashesAction: 'KEEP_UNCHANGED' };

test('the query is kept byte for byte', () => {
  assert.deepEqual(normalizeRequestPath({ ...BASE, mergeSlashes: true }, '/a//b/../c?x=//../y'), { action: 'continue', path: '/a/c?x=//../y' });
  assert.deepEqual(normalizeRequestPath(BASE, '/a/b?'), { action: 'continue', path: '/a/b?' });
});

test('escaped slashes: kept, rejected, unescaped and forwarded, unescaped and redirected', () => {
  assert.deepEqual(normalizeRequestPath(BASE, '/a%2Fb'), { action: 'continue', path: '/a%2Fb' });
  assert.deepEqual(normalizeRequestPath({ ...BASE, escapedSlashesAction: 'REJECT_REQUEST' }, '/a%2fb'), { action: 'reject', details: 'path_normalization_failed' });
  assert.deepEqual(normalizeRequestPath({ ...BASE, escapedSlashesAction: 'UNESCAPE_AND_FORWARD' }, '/a%2Fb%5C..%5cc'), { action: 'continue', path: '/a/c' });
  assert.deepEqual(normalizeRequestPath({ ...BASE, escapedSlashesAction: 'UNESCAPE_AND_REDIRECT' }, '/a%2Fb?q'), { action: 'redirect', path: '/a/b?q' });
  assert.deepEqual(normalizeRequestPath({ ...BASE, escapedSlashesAction: 'REJECT_REQUEST' }, '/plain'), { action: 'continue', path: '/plain' });
});

test('an invalid path is rejected with the details Envoy logs', () => {
  assert.deepEqual(normalizeRequestPath(BASE, '/a/%00'), { action: 'reject', details: 'path_normalization_failed' });
});
