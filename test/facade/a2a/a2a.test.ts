import { randomUUID } from 'node:crypto';
import { Role, TaskState, type Message, type Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory } from '@a2a-js/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptFor } from '../../../src/facade/handlers/demo.js';
import { createMemoryStore } from '../../../src/facade/sessions/memory.js';
import type { SessionStore } from '../../../src/facade/sessions/types.js';
import { startFacade, type Running } from '../helpers.js';
import { textOfParts } from '../../../src/shared/a2a-text.js';

// A2A on the facade with the official @a2a-js/sdk client over loopback: the
// card at both well-known paths, message/stream and message/send with the
// v0.3 wire (the SDK's compat transport) and the v1.0 wire (its default
// client), tasks/get, and contextId ↔ session.

function userMessage(text: string, contextId?: string): Message {
  return {
    messageId: randomUUID(),
    contextId: contextId ?? '',
    taskId: '',
    role: Role.ROLE_USER,
    parts: [{ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

const textOf = (m: Message | undefined): string => textOfParts(m?.parts);

describe('A2A on the facade', () => {
  let facade: Running;
  let store: SessionStore;
  let base: string;

  beforeAll(async () => {
    store = createMemoryStore({ ttlMs: 60_000, maxSessionEvents: 100, maxSessions: 100 });
    facade = await startFacade({ OMNIA_HANDLER_MODE: 'demo' }, { store });
    base = `http://127.0.0.1:${facade.port}`;
  });
  afterAll(async () => {
    await facade.facade.close();
    await store.close();
  });

  it('serves the v0.3 card at both well-known paths, the v1.0 card on A2A-Version: 1.0', async () => {
    for (const path of ['/.well-known/agent-card.json', '/.well-known/agent']) {
      const res = await fetch(base + path);
      expect(res.status).toBe(200);
      const card = (await res.json()) as any;
      expect(card).toMatchObject({ name: 'support', url: `${base}/a2a`, protocolVersion: '0.3.0', preferredTransport: 'JSONRPC', capabilities: { streaming: true } });
      expect(card.securitySchemes).toBeUndefined();
      expect(card.skills.length).toBeGreaterThan(0);
    }
    const v1 = (await (await fetch(`${base}/.well-known/agent-card.json`, { headers: { 'A2A-Version': '1.0' } })).json()) as any;
    expect(v1.supportedInterfaces).toContainEqual({ url: `${base}/a2a`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' });
    expect(v1.url).toBeUndefined();
  });

  it('streams a message with the default (v1.0) client and finds the task with tasks/get', async () => {
    const client = await new ClientFactory().createFromUrl(base);
    const events = [];
    for await (const ev of client.sendMessageStream({ tenant: '', message: userMessage('hello there'), configuration: undefined, metadata: undefined })) events.push(ev);
    const cases = events.map((e) => e.payload?.$case);
    expect(cases[0]).toBe('task');
    expect(cases).toContain('artifactUpdate');
    const last = events.at(-1)!.payload!;
    expect(last.$case).toBe('statusUpdate');
    const status = last.$case === 'statusUpdate' ? last.value : undefined;
    expect(status?.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(textOf(status?.status?.message)).toBe(scriptFor('hello there').reply);
    const streamed = events.flatMap((e) => (e.payload?.$case === 'artifactUpdate' ? [textOf({ parts: e.payload.value.artifact!.parts } as Message)] : [])).join('');
    expect(streamed).toBe(scriptFor('hello there').reply);

    const task = await client.getTask({ tenant: '', id: status!.taskId, historyLength: undefined });
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    // The contextId is the session id; its audit has the turn.
    const audit = await store.audit(status!.contextId);
    expect(audit?.session.tags).toEqual(['a2a']);
    expect(audit?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('speaks v0.3 message/send and tasks/get (compat transport), resuming the session its contextId names', async () => {
    const factory = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ legacyCompat: { enabled: true } })],
        cardResolver: new DefaultAgentCardResolver({ legacyCompat: { enabled: true } }),
      }),
    );
    const card = await (await fetch(`${base}/.well-known/agent-card.json`)).json();
    const client = await factory.createFromAgentCard(new DefaultAgentCardResolver({ legacyCompat: { enabled: true } }).normalizeAgentCard(card));
    const contextId = randomUUID();
    const first = (await client.sendMessage({ tenant: '', message: userMessage('hello', contextId), configuration: undefined, metadata: undefined })) as Task;
    expect(first.contextId).toBe(contextId);
    expect(first.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const second = (await client.sendMessage({ tenant: '', message: userMessage('what is the weather in Paris', contextId), configuration: undefined, metadata: undefined })) as Task;
    expect(textOf(second.status?.message)).toBe(scriptFor('what is the weather in Paris').reply);
    const again = await client.getTask({ tenant: '', id: second.id, historyLength: undefined });
    expect(again.id).toBe(second.id);
    const audit = await store.audit(contextId);
    expect(audit?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    // The demo agent's tool call stays inside the turn, in the audit.
    expect(audit?.toolCalls.map((t) => t.name)).toEqual(['get_weather']);
  });

  it('answers raw v0.3 JSON-RPC message/send with the v0.3 shapes', async () => {
    const res = await fetch(`${base}/a2a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'message/send', params: { message: { kind: 'message', role: 'user', messageId: randomUUID(), parts: [{ kind: 'text', text: 'hi' }] } } }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ jsonrpc: '2.0', id: 7, result: { kind: 'task', status: { state: 'completed' } } });
    expect(body.result.status.message.parts[0]).toEqual({ kind: 'text', text: scriptFor('hi').reply });
  });
});

describe('A2A with strict auth (the SDK client as docs/facade.md sets it up)', () => {
  const KEY = 'key-a2a-0123456789';
  let facade: Running;
  let base: string;
  beforeAll(async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${mkdtempSync(`${tmpdir()}/omnia-a2a-`)}/api-keys`;
    writeFileSync(file, `${KEY}\n`);
    facade = await startFacade({ OMNIA_HANDLER_MODE: 'demo', OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'false', OMNIA_API_KEYS_FILE: file });
    base = `http://127.0.0.1:${facade.port}`;
  });
  afterAll(() => facade.facade.close());

  it('streams through a client whose fetch carries the bearer key', async () => {
    const authed: typeof fetch = (url, init) => fetch(url, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), authorization: `Bearer ${KEY}` } });
    const client = await new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl: authed })],
        cardResolver: new DefaultAgentCardResolver({ fetchImpl: authed }),
      }),
    ).createFromUrl(base);
    const states = [];
    for await (const ev of client.sendMessageStream({ tenant: '', message: userMessage('What is the weather in Paris?'), configuration: undefined, metadata: undefined })) {
      if (ev.payload?.$case === 'statusUpdate') states.push(ev.payload.value.status?.state);
    }
    expect(states.at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);
    // Without the key the SDK client cannot even read the card.
    await expect(new ClientFactory().createFromUrl(base)).rejects.toThrow(/401/);
  });

  it('streams v0.3 message/stream over raw SSE with the documented event kinds', async () => {
    const res = await fetch(`${base}/a2a`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/stream', params: { message: { kind: 'message', role: 'user', messageId: 'm-1', parts: [{ kind: 'text', text: 'What is the weather in Paris?' }] } } }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await res.text())
      .split('\n\n')
      .filter((e) => e !== '')
      .map((e) => JSON.parse(e.replace(/^data: /, '')) as any);
    expect(events.every((e) => e.jsonrpc === '2.0' && e.id === 1)).toBe(true);
    const kinds = events.map((e) => e.result.kind);
    expect(kinds[0]).toBe('task');
    expect(kinds).toContain('artifact-update');
    const last = events.at(-1).result;
    expect(last).toMatchObject({ kind: 'status-update', final: true, status: { state: 'completed' } });
    const answer = events.filter((e) => e.result.kind === 'artifact-update').map((e) => e.result.artifact.parts[0].text).join('');
    expect(answer).toBe(scriptFor('What is the weather in Paris?').reply);
    expect(last.status.message.parts[0].text).toBe(answer);
  });
});
