/** Header additions and removals with Envoy's append actions, on request objects and flat response arrays. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StreamInfo } from '../access-log/stream-info.ts';
import { applyRequestMutations, applyResponseMutations, compileMutations, type RequestHeaders } from './header-mutation.ts';

const info = { downstream: { remoteIp: '10.1.2.3' }, requestHeader: () => undefined } as unknown as StreamInfo;

test('append actions on request headers', () => {
  const m = compileMutations(
    [
      { header: { key: 'X-Append', value: 'b' } },
      { header: { key: 'x-absent', value: 'new' }, appendAction: 'ADD_IF_ABSENT' },
      { header: { key: 'x-keep', value: 'ignored' }, appendAction: 'ADD_IF_ABSENT' },
      { header: { key: 'x-set', value: 'set' }, append: false },
      { header: { key: 'x-only-existing', value: 'v' }, appendAction: 'OVERWRITE_IF_EXISTS' },
      { header: { key: 'x-empty', value: '' } },
      { header: { key: 'x-client', value: '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%' } },
    ],
    ['x-drop'],
  );
  const h: RequestHeaders = { 'x-append': 'a', 'x-keep': 'old', 'x-set': 'old', 'x-drop': 'gone' };
  applyRequestMutations(m, h, info);
  assert.deepEqual(h, { 'x-append': ['a', 'b'], 'x-keep': 'old', 'x-set': 'set', 'x-absent': 'new', 'x-client': '10.1.2.3' });
});

test('response mutations on a flat header list', () => {
  const m = compileMutations([{ header: { key: 'x-a', value: '2' } }, { header: { key: 'server', value: 'me' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }], ['x-gone']);
  const h = ['x-a', '1', 'x-gone', 'z', 'server', 'upstream'];
  applyResponseMutations(m, h, info);
  assert.deepEqual(h, ['x-a', '1', 'x-a', '2', 'server', 'me']);
});
