import { AgentCard } from '@a2a-js/sdk';
import { AGENT_CARD_PATH } from '../../contract/delegation.js';
import type { AuthConfig } from '../config.js';

// The agent card (A2A discovery), built from what the pod knows about itself:
// its name, agent.json's description (spec config.description), the
// PromptPack prompt it runs and the tools it may call as skills, streaming,
// and a bearer security scheme whenever the facade asks for a credential.
// Two renderings of the same facts: A2A v1.0 (protobuf JSON, for clients that
// send `A2A-Version: 1.0`, such as @a2a-js/sdk's default client) and v0.3
// (the JSON-schema shape most of the ecosystem and KAOS read; the default).
// Both list the JSON-RPC endpoint under each protocol version it speaks.

/** Where the JSON-RPC endpoint lives, relative to the card's origin. */
export const A2A_RPC_PATH = '/a2a';
export const CARD_PATHS = [AGENT_CARD_PATH, '/.well-known/agent'] as const;

export interface SkillFact {
  id: string;
  name: string;
  description: string;
}

export interface CardFacts {
  agent: string;
  description: string;
  /** The PromptPack version, when known. */
  version?: string;
  prompts: SkillFact[];
  tools: SkillFact[];
  auth: Pick<AuthConfig, 'allowUnauthenticated' | 'apiKeys' | 'apiKeysFile' | 'jwt'>;
}

const TEXT = ['text/plain'];
const SCHEME = 'bearer';

interface Skill {
  id: string;
  name: string;
  description: string;
  tags: string[];
}

function skills(facts: CardFacts): Skill[] {
  const out: Skill[] = [
    ...facts.prompts.map((p) => ({ id: `prompt:${p.id}`, name: p.name, description: p.description || p.name, tags: ['prompt'] })),
    ...facts.tools.map((t) => ({ id: `tool:${t.id}`, name: t.name, description: t.description || t.name, tags: ['tool'] })),
  ];
  // A card with no skill says nothing about what to ask; the agent itself is one.
  if (out.length === 0) out.push({ id: facts.agent, name: facts.agent, description: facts.description || facts.agent, tags: ['chat'] });
  return out;
}

/** Whether callers must present `Authorization: Bearer …` (API key or JWT), as the auth chain demands. */
function bearer(facts: CardFacts): { format?: string } | undefined {
  if (facts.auth.allowUnauthenticated) return undefined;
  const keys = facts.auth.apiKeys.length > 0 || facts.auth.apiKeysFile !== undefined;
  return facts.auth.jwt !== undefined && !keys ? { format: 'JWT' } : {};
}

const description = (facts: CardFacts): string => facts.description || `The ${facts.agent} agent`;

/** The v1.0 card as JSON (protobuf JSON names); `baseUrl` has no trailing slash. */
export function v1CardJson(facts: CardFacts, baseUrl: string): Record<string, unknown> {
  const url = baseUrl + A2A_RPC_PATH;
  const auth = bearer(facts);
  return {
    name: facts.agent,
    description: description(facts),
    supportedInterfaces: [
      { url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      { url, protocolBinding: 'JSONRPC', protocolVersion: '0.3' },
    ],
    version: facts.version ?? '0.0.0',
    capabilities: { streaming: true, pushNotifications: false },
    ...(auth
      ? {
          securitySchemes: { [SCHEME]: { httpAuthSecurityScheme: { scheme: 'bearer', ...(auth.format ? { bearerFormat: auth.format } : {}) } } },
          securityRequirements: [{ schemes: { [SCHEME]: { list: [] } } }],
        }
      : {}),
    defaultInputModes: TEXT,
    defaultOutputModes: TEXT,
    skills: skills(facts),
  };
}

/** The v0.3 card (what `/.well-known/agent-card.json` answers without an A2A-Version header). */
export function v03CardJson(facts: CardFacts, baseUrl: string): Record<string, unknown> {
  const url = baseUrl + A2A_RPC_PATH;
  const auth = bearer(facts);
  return {
    protocolVersion: '0.3.0',
    name: facts.agent,
    description: description(facts),
    url,
    preferredTransport: 'JSONRPC',
    version: facts.version ?? '0.0.0',
    capabilities: { streaming: true, pushNotifications: false, stateTransitionHistory: false },
    ...(auth
      ? {
          securitySchemes: { [SCHEME]: { type: 'http', scheme: 'bearer', ...(auth.format ? { bearerFormat: auth.format } : {}) } },
          security: [{ [SCHEME]: [] }],
        }
      : {}),
    defaultInputModes: TEXT,
    defaultOutputModes: TEXT,
    skills: skills(facts),
    // As the SDK's own v0.3 card does: a v1.0 client reading this card finds its interface too.
    supportedInterfaces: v1CardJson(facts, baseUrl).supportedInterfaces,
  };
}

/** The card as the SDK's request handler holds it (it checks versions and streaming against it). */
export function coreCard(facts: CardFacts, baseUrl: string): AgentCard {
  return AgentCard.fromJSON(v1CardJson(facts, baseUrl));
}
