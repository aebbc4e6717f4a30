// One peer over A2A, through the official @a2a-js/sdk client: fetch its card,
// send a message and read the streamed answer. The client speaks A2A 1.0 and,
// when the card is a v0.3 one, the v0.3 JSON-RPC methods (message/stream…):
// the SDK's compat layer picks the transport from the card.

import { randomUUID } from 'node:crypto';
import { Role, TaskState, type AgentCard, type SendMessageRequest, type StreamResponse } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory, type Client } from '@a2a-js/sdk/client';
import { textOfParts as textOf, textPart } from '../../shared/a2a-text.js';

export class PeerCallError extends Error {
  override name = 'PeerCallError';
}

/** fetch with the network token as Bearer (never logged: it only travels in the header). */
function withToken(token: string | undefined): typeof fetch {
  if (!token) return fetch;
  return (input, init) => {
    const headers = new Headers(init?.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
}

export interface PeerConnection {
  card: AgentCard;
  client: Client;
}

/** How long a card may take: the model's turn waits for the tool list. */
const CARD_TIMEOUT_MS = 5_000;

/** Fetches the card at `cardUrl` (a full URL) and builds a client for the interface it names. */
export async function connectPeer(cardUrl: string, token: string | undefined): Promise<PeerConnection> {
  const fetchImpl = withToken(token);
  // A peer whose Service black-holes connections must not hold the turn for the OS's TCP timeout.
  const cardFetch: typeof fetch = (input, init) => fetchImpl(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(CARD_TIMEOUT_MS) });
  const resolver = new DefaultAgentCardResolver({ fetchImpl: cardFetch, legacyCompat: { enabled: true } });
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl, legacyCompat: { enabled: true } })],
      cardResolver: resolver,
    }),
  );
  // An empty path: the URL is the card's own.
  const card = await resolver.resolve(cardUrl, '');
  return { card, client: await factory.createFromAgentCard(card) };
}


/** A user message for the peer; `metadata` carries the delegation chain. */
export function peerRequest(text: string, metadata: Record<string, unknown>): SendMessageRequest {
  return {
    tenant: '',
    message: {
      messageId: randomUUID(),
      contextId: '',
      taskId: '',
      role: Role.ROLE_USER,
      parts: [textPart(text)],
      metadata,
      extensions: [],
      referenceTaskIds: [],
    },
    configuration: undefined,
    metadata,
  };
}

const FAILED = new Set([TaskState.TASK_STATE_FAILED, TaskState.TASK_STATE_REJECTED, TaskState.TASK_STATE_CANCELED]);

/**
 * Reads a message/stream answer into the peer's text. Artifact updates are the
 * answer (appended chunks or whole artifacts); without any, the final status
 * message or a direct message is. A failed, rejected or cancelled task throws
 * with the peer's own words.
 */
export async function readAnswer(stream: AsyncIterable<StreamResponse>): Promise<string> {
  const artifacts = new Map<string, string>();
  let statusText = '';
  let messageText = '';
  for await (const ev of stream) {
    const p = ev.payload;
    if (!p) continue;
    if (p.$case === 'message') messageText += textOf(p.value.parts);
    else if (p.$case === 'artifactUpdate' && p.value.artifact) {
      const a = p.value.artifact;
      const before = p.value.append ? (artifacts.get(a.artifactId) ?? '') : '';
      artifacts.set(a.artifactId, before + textOf(a.parts));
    } else if (p.$case === 'statusUpdate' || p.$case === 'task') {
      const status = p.value.status;
      const text = textOf(status?.message?.parts);
      if (status && FAILED.has(status.state)) throw new PeerCallError(text || `the peer's task ended in state ${TaskState[status.state]}`);
      if (text) statusText = text;
      if (p.$case === 'task') for (const a of p.value.artifacts) artifacts.set(a.artifactId, textOf(a.parts));
    }
  }
  const artifactText = [...artifacts.values()].join('');
  return artifactText || statusText || messageText;
}
