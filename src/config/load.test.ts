/** Loading: text, bytes and paths into resources and diagnostics; redefinitions; display names. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listConfigFiles, loadBytes, loadPaths, loadText } from './load.ts';

const CM = (name: string, ns = 'default'): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  k: v\n`;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sextant-load-'));
  mkdirSync(join(dir, 'b', 'c'), { recursive: true });
  writeFileSync(join(dir, 'b', 'c', 'one.yaml'), CM('one'));
  writeFileSync(join(dir, 'a.yml'), CM('a'));
  writeFileSync(join(dir, 'b', 'z.JSON'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'z' } }));
  writeFileSync(join(dir, 'b', 'readme.md'), '# not config');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('loadText / loadBytes', () => {
  test('valid resources load; invalid ones are reported and left out', () => {
    const r = loadText(`${CM('good')}---\n${CM('Bad')}`, 'cms.yaml');
    assert.deepEqual(r.resources.map((x) => x.metadata.name), ['good']);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /metadata.name "Bad" is not a valid name/);
    assert.deepEqual(r.files, ['cms.yaml']);
  });

  test('a resource remembers where it came from', () => {
    const r = loadText(`${CM('first')}---\n${CM('second')}`, 'cms.yaml');
    assert.deepEqual(r.resources[1].source, { file: 'cms.yaml', line: 9, col: 1, index: 1 });
  });

  test('an empty file and a file of comments are errors', () => {
    assert.equal(loadBytes(new Uint8Array(0), 'e.yaml').diagnostics[0].message, 'file is empty; expected at least one resource');
    assert.equal(loadText('# nothing\n---\n', 'c.yaml').diagnostics[0].message, 'file contains no resources (only white space, comments or empty documents)');
  });
});

describe('listConfigFiles', () => {
  test('walks directories in name order, keeps .yaml/.yml/.json of any case, skips the rest', () => {
    const { files, diagnostics } = listConfigFiles([dir]);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(files.map((f) => f.slice(dir.length + 1)), ['a.yml', 'b/c/one.yaml', 'b/z.JSON']);
  });

  test('a file named explicitly is taken whatever its extension; `-` is standard input', () => {
    const { files } = listConfigFiles([join(dir, 'b', 'readme.md'), '-']);
    assert.deepEqual(files, [join(dir, 'b', 'readme.md'), '-']);
  });
});

describe('loadPaths', () => {
  test('relativeTo shortens file names in diagnostics and resources', () => {
    const r = loadPaths([dir], { relativeTo: dir });
    assert.deepEqual(r.files, ['a.yml', join('b', 'c', 'one.yaml'), join('b', 'z.JSON')]);
    assert.equal(r.resources[0].source.file, 'a.yml');
  });

  test('a resource defined twice: a warning at the second, the later one wins', () => {
    const r = loadPaths(['-', '-'], { stdin: () => new TextEncoder().encode(CM('dup')) });
    assert.equal(r.resources.length, 1);
    const w = r.diagnostics.filter((d) => d.severity === 'Warning');
    assert.equal(w.length, 1);
    assert.match(w[0].message, /defined again \(first at <stdin>:1\); the later definition wins/);
    assert.equal(w[0].kind, 'ConfigMap');
  });

  test('the default namespace applies to namespaced kinds that name none', () => {
    const r = loadPaths(['-'], { stdin: () => new TextEncoder().encode('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'), defaultNamespace: 'shop' });
    assert.equal(r.resources[0].metadata.namespace, 'shop');
  });

  test('a file larger than the read buffer (256 KiB) is read whole; files read one after the other keep their own bytes', () => {
    const sub = join(dir, 'large');
    mkdirSync(sub, { recursive: true });
    const many = Array.from({ length: 3000 }, (_, i) => CM(`cm-${i}`)).join('---\n');
    assert.ok(many.length > 256 * 1024);
    writeFileSync(join(sub, 'a-many.yaml'), many);
    writeFileSync(join(sub, 'b-one.yaml'), CM('last'));
    const r = loadPaths([sub]);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.resources.length, 3001);
    assert.equal(r.resources[2999].metadata.name, 'cm-2999');
    assert.deepEqual(r.resources[2999].source, { file: join(sub, 'a-many.yaml'), line: 2999 * 8 + 1, col: 1, index: 2999 });
    assert.equal(r.resources[3000].metadata.name, 'last');
    rmSync(sub, { recursive: true, force: true });
  });

  test('file names are joined as path.join would: a trailing slash or `.` in the path given changes nothing', () => {
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      assert.deepEqual(listConfigFiles(['.']).files, ['a.yml', join('b', 'c', 'one.yaml'), join('b', 'z.JSON')]);
      assert.deepEqual(listConfigFiles(['b/']).files, [join('b', 'c', 'one.yaml'), join('b', 'z.JSON')]);
      assert.deepEqual(listConfigFiles(['./b//c']).files, [join('b', 'c', 'one.yaml')]);
    } finally {
      process.chdir(cwd);
    }
  });

  test('an oversized file is refused from its size', () => {
    writeFileSync(join(dir, 'big.yaml'), CM('big'));
    const r = loadPaths([join(dir, 'big.yaml')], { maxBytes: 10 });
    assert.match(r.diagnostics[0].message, /larger than the 10 bytes limit/);
    assert.deepEqual(r.files, [join(dir, 'big.yaml')]);
  });
});
