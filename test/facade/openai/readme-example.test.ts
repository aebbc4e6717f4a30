import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFacade, type Running } from '../helpers.js';

// README's "calling an agent with the openai client", against the agent
// `npm start` runs (the demo handler, named demo): the same calls, the same answers.

describe('README: the openai client against the demo agent', () => {
  let facade: Running;
  beforeAll(async () => {
    facade = await startFacade({ OMNIA_HANDLER_MODE: 'demo', OMNIA_AGENT_NAME: 'demo' });
  });
  afterAll(() => facade.facade.close());

  it('answers as the README shows', async () => {
    const agent = new OpenAI({ baseURL: `http://127.0.0.1:${facade.port}/v1`, apiKey: 'any' });
    const reply = await agent.chat.completions.create({ model: 'demo', messages: [{ role: 'user', content: 'What is the weather in Paris?' }] });
    expect(reply.choices[0]?.message.content).toBe('The weather in Paris is sunny at 21°C.');
    const stream = await agent.chat.completions.create({ model: 'demo', stream: true, messages: [{ role: 'user', content: 'hello' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
  });
});
