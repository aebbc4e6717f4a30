import { AGENT_CARD_PATH as SDK_CARD_PATH } from '@a2a-js/sdk';
import { describe, expect, it } from 'vitest';
import { AGENT_CARD_PATH, checkDelegation, DELEGATION_CHAIN_KEY, extendChain, peerCardUrlEnvName } from '../../src/contract/delegation.js';

describe('delegation contract', () => {
  it('the card path is the SDK’s', () => {
    expect(AGENT_CARD_PATH).toBe(`/${SDK_CARD_PATH.replace(/^\//, '')}`);
  });

  it("names a peer's card variable as KAOS does", () => {
    expect(peerCardUrlEnvName('worker-1')).toBe('PEER_AGENT_WORKER_1_CARD_URL');
    expect(peerCardUrlEnvName('my.peer')).toBe('PEER_AGENT_MY_PEER_CARD_URL');
  });

  const meta = (chain: unknown) => ({ [DELEGATION_CHAIN_KEY]: chain });

  it('admits a first call and a chain within the limit (as array or as JSON text)', () => {
    expect(checkDelegation('worker', undefined, 5)).toEqual({ ok: true, chain: [] });
    expect(checkDelegation('worker', meta(['a', 'b']), 2)).toEqual({ ok: true, chain: ['a', 'b'] });
    expect(checkDelegation('worker', meta('["a"]'), 5)).toEqual({ ok: true, chain: ['a'] });
    expect(extendChain(['a'], 'worker')).toEqual(['a', 'worker']);
  });

  it('refuses a cycle, naming the loop', () => {
    const v = checkDelegation('coordinator', meta(['coordinator', 'worker']), 5);
    expect(v).toMatchObject({ ok: false, error: 'delegation_cycle' });
    expect(!v.ok && v.detail).toContain('coordinator → worker → coordinator');
  });

  it('refuses a chain longer than the limit, naming the variable that raises it', () => {
    const v = checkDelegation('f', meta(['a', 'b', 'c']), 2);
    expect(v).toMatchObject({ ok: false, error: 'delegation_too_deep' });
    expect(!v.ok && v.detail).toContain('OMNIA_MAX_DELEGATION_DEPTH');
  });

  it('refuses a malformed chain instead of ignoring it', () => {
    expect(checkDelegation('w', meta([1]), 5)).toMatchObject({ ok: false, error: 'invalid_delegation' });
    expect(checkDelegation('w', meta('not json'), 5)).toMatchObject({ ok: false, error: 'invalid_delegation' });
  });
});
