// Delegation between agents (A2A), the facts both sides share.

/** The A2A agent card under a facade's base URL (the SDK's AGENT_CARD_PATH). */
export const AGENT_CARD_PATH = '/.well-known/agent-card.json';
