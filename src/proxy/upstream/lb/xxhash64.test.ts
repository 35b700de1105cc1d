/** xxHash64 against reference vectors (computed with the reference XXH64 implementation). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uint64ToHex, xxHash64 } from './xxhash64.ts';

const VECTORS: [string, string, string][] = [
  ['', 'ef46db3751d8e999', 'd5afba1336a3be4b'],
  ['a', 'd24ec4f1a98c6e5b', 'dec2bc81c3cd46c6'],
  ['abc', '44bc2cf5ad770999', 'bea9ca8199328908'],
  ['127.0.0.1:8080', 'c65e86b000fb3cbf', 'a5d6dc0053ab4ed8'],
  ['127.0.0.2:80_0', 'c0ca98dc375e6cb7', '70a9b79168e526aa'],
  ['hello world, this is longer than 32 bytes!!', '25d341c06fef3b6e', '7905477996f0eb90'],
  ['x'.repeat(100), '92f0de5a88a3c094', 'a27aec103fa2bdae'],
  ['ünïcødé', '4d5abe0629525939', '15b58e964da28a39'],
  ['10.0.0.1', 'ed16cb68c786e3d7', 'bf86da062e2ebec0'],
];

test('xxHash64 matches the reference for seeds 0 and 1 (every tail length path)', () => {
  for (const [input, seed0, seed1] of VECTORS) {
    assert.equal(uint64ToHex(xxHash64(input)), seed0, JSON.stringify(input));
    assert.equal(uint64ToHex(xxHash64(input, 1n)), seed1, JSON.stringify(input));
  }
});

test('bytes and strings hash alike; hex is zero padded', () => {
  assert.equal(xxHash64(new TextEncoder().encode('abc')), xxHash64('abc'));
  assert.equal(uint64ToHex(0xabcn), '0000000000000abc');
});
