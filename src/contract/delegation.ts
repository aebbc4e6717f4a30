// Delegation between agents (A2A), the facts both sides share: where a peer's
// agent card is, the metadata key that carries the delegation chain, the env
// name of a peer's card URL, and the callee's check. The caller is the runtime
// (src/runtime/peers/), the callee the facade's A2A path; the hook writes the
// env (hooks/agentruntime/children/env.ts).

/** The A2A agent card under a facade's base URL (the SDK's AGENT_CARD_PATH; test/contract/delegation.test.ts). */
export const AGENT_CARD_PATH = '/.well-known/agent-card.json';

/**
 * The A2A message metadata key holding the delegation chain: the names of the
 * agents that delegated, first caller first, as a JSON array of strings. The
 * callee appends its own name when it delegates further.
 */
export const DELEGATION_CHAIN_KEY = 'omnia.altairalabs.ai/delegation-chain';

/** Default of OMNIA_MAX_DELEGATION_DEPTH: how many agents may have delegated before a callee. */
export const DEFAULT_MAX_DELEGATION_DEPTH = 5;

/** `PEER_AGENT_<NAME>_CARD_URL` (KAOS): the peer's name upper-cased, every other character than A-Z/0-9 → `_`. */
export function peerCardUrlEnvName(peer: string): string {
  return `PEER_AGENT_${peer.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_CARD_URL`;
}

/**
 * The chain out of message (or request) metadata: absent → []; anything but an
 * array of non-empty strings is refused, so a malformed chain cannot slip past
 * the cycle check.
 */
export function readChain(metadata: unknown): { ok: true; chain: string[] } | { ok: false; detail: string } {
  const raw = metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>)[DELEGATION_CHAIN_KEY] : undefined;
  if (raw === undefined || raw === null) return { ok: true, chain: [] };
  // Metadata that passed through a string-only map (the runtime wire) holds the JSON text.
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, detail: `metadata "${DELEGATION_CHAIN_KEY}" is not a JSON array of agent names` };
    }
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    return { ok: false, detail: `metadata "${DELEGATION_CHAIN_KEY}" must be an array of agent names` };
  }
  return { ok: true, chain: value as string[] };
}

export type DelegationVerdict = { ok: true; chain: string[] } | { ok: false; error: 'delegation_cycle' | 'delegation_too_deep' | 'invalid_delegation'; detail: string };

/**
 * The callee's check, before it runs a turn for a delegating agent: refuse a
 * chain that already holds `self` (A → B → A) or that is longer than
 * `maxDepth`. `chain` in the answer is what the callee's own delegations carry
 * on (with `self` appended by the caller side).
 */
export function checkDelegation(self: string, metadata: unknown, maxDepth: number): DelegationVerdict {
  const read = readChain(metadata);
  if (!read.ok) return { ok: false, error: 'invalid_delegation', detail: read.detail };
  const { chain } = read;
  if (chain.includes(self)) {
    return { ok: false, error: 'delegation_cycle', detail: `delegation cycle refused: ${[...chain, self].join(' → ')} (agent "${self}" is already in the chain)` };
  }
  if (chain.length > maxDepth) {
    return {
      ok: false,
      error: 'delegation_too_deep',
      detail: `delegation depth ${chain.length} exceeds the limit of ${maxDepth} (${chain.join(' → ')} → ${self}); raise OMNIA_MAX_DELEGATION_DEPTH on "${self}" to allow more`,
    };
  }
  return { ok: true, chain };
}

/** The chain a caller sends: the one it received, plus itself. */
export function extendChain(chain: readonly string[], self: string): string[] {
  return [...chain, self];
}
