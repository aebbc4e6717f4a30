import { describe, expect, it } from 'vitest';
import { mergeParams, parseJsonOutput, toChat } from '../../src/runtime/agent.js';
import {
  loadPack,
  parsePack,
  placeholderPattern,
  renderSystemPrompt,
  renderTemplate,
  resolveVariables,
  selectPrompt,
  type PackPrompt,
  type PromptPack,
} from '../../src/runtime/promptpack.js';
import { BASIC_PACK } from './helpers.js';

const prompt = (over: Partial<PackPrompt> = {}): PackPrompt => ({ id: 'p', name: 'P', version: '1.0.0', system_template: 'x', ...over });
const pack = (prompts: Record<string, PackPrompt>, extra: Partial<PromptPack> = {}): PromptPack => ({
  id: 'pk',
  name: 'Pk',
  version: '1.0.0',
  template_engine: { version: 'v1', syntax: '{{variable}}' },
  prompts,
  ...extra,
});

describe('selecting the prompt', () => {
  it('takes OMNIA_PROMPT_NAME, else "default", else the only prompt', () => {
    const two = pack({ default: prompt({ id: 'default' }), sales: prompt({ id: 'sales' }) });
    expect(selectPrompt(two, 'sales').key).toBe('sales');
    expect(selectPrompt(two).key).toBe('default');
    expect(selectPrompt(pack({ support: prompt() })).key).toBe('support');
  });

  it('refuses an unknown name or an ambiguous pack, listing the choices', () => {
    const two = pack({ a: prompt(), b: prompt() });
    expect(() => selectPrompt(two, 'zzz')).toThrow('OMNIA_PROMPT_NAME="zzz" is not a prompt of pack "pk" (it has: a, b)');
    expect(() => selectPrompt(two)).toThrow('pack "pk" has 2 prompts and none is called "default"; set OMNIA_PROMPT_NAME to one of: a, b');
  });
});

describe('loading the pack', () => {
  it('names the file and the problem', () => {
    expect(() => loadPack('/nonexistent/pack.json')).toThrow('cannot read the PromptPack at /nonexistent/pack.json (ENOENT); set OMNIA_PROMPTPACK_PATH');
    expect(() => parsePack('{', 'f.json')).toThrow(/^f\.json: not valid JSON/);
    expect(() => parsePack('{"prompts":{}}', 'f.json')).toThrow('f.json: "prompts" must be an object with at least one prompt');
    expect(() => parsePack(JSON.stringify({ ...BASIC_PACK, template_engine: { version: 'v1', syntax: '<>' } }), 'f.json')).toThrow(
      /template_engine\.syntax/,
    );
    const noTemplate = { ...BASIC_PACK, prompts: { default: { id: 'default', name: 'd', version: '1.0.0' } } };
    expect(() => parsePack(JSON.stringify(noTemplate), 'f.json')).toThrow('f.json: prompt "default" has no "system_template"');
  });
});

describe('variables', () => {
  const vars = prompt({
    variables: [
      { name: 'name', type: 'string', required: true, validation: { min_length: 2, pattern: '^[A-Z]' } },
      { name: 'tone', type: 'string', required: false, default: 'warm', validation: { enum: ['warm', 'dry'] } },
      { name: 'limit', type: 'number', required: false, validation: { minimum: 1, maximum: 10 } },
    ],
  });

  it('applies defaults and keeps given values', () => {
    expect(resolveVariables(vars, { name: 'Ada' })).toEqual({ name: 'Ada', tone: 'warm' });
    expect(resolveVariables(vars, { name: 'Ada', tone: 'dry', limit: 3, extra: true })).toEqual({ name: 'Ada', tone: 'dry', limit: 3, extra: true });
  });

  it('reports every missing or invalid variable at once', () => {
    expect(() => resolveVariables(vars, { tone: 'loud', limit: 50 })).toThrow(
      'prompt "p": required variable "name" has no value; variable "tone" must be one of ["warm","dry"]; variable "limit" is above 10',
    );
    expect(() => resolveVariables(vars, { name: 'ada' })).toThrow('variable "name" does not match ^[A-Z]');
    expect(() => resolveVariables(vars, { name: 7 })).toThrow('variable "name" must be string, got number');
  });
});

describe('rendering', () => {
  const engine = (syntax: string) => ({ template_engine: { version: 'v1', syntax } });

  it('supports the pack\'s placeholder syntax', () => {
    expect(renderTemplate('Hi {{ who }}!', { who: 'Bo' }, engine('{{variable}}'))).toBe('Hi Bo!');
    expect(renderTemplate('Hi ${who}!', { who: 'Bo' }, engine('${variable}'))).toBe('Hi Bo!');
    expect(renderTemplate('Hi {who}!', { who: 'Bo' }, engine('{variable}'))).toBe('Hi Bo!');
    expect(placeholderPattern('[[variable]]').source).toBe('\\[\\[\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\]\\]');
  });

  it('writes non-string values as JSON and expands fragments, which may use variables', () => {
    const p = { ...engine('{{variable}}'), fragments: { ctx: 'Customer {{name}} has {{n}} orders' } };
    expect(renderTemplate('{{ctx}}. Data: {{data}}', { name: 'Ada', n: 3, data: { a: [1] } }, p)).toBe('Customer Ada has 3 orders. Data: {"a":[1]}');
  });

  it('refuses a placeholder that is neither a variable nor a fragment, and self-including fragments', () => {
    expect(() => renderTemplate('{{a}} {{b}}', {}, engine('{{variable}}'))).toThrow('the template uses "a", "b", which is neither a variable with a value nor a fragment');
    expect(() => renderTemplate('{{loop}}', {}, { ...engine('{{variable}}'), fragments: { loop: '{{loop}}' } })).toThrow(/nest more than 5 levels/);
  });

  it('renders the selected prompt with defaults and names the prompt on error', () => {
    const sel = selectPrompt(BASIC_PACK as PromptPack);
    expect(renderSystemPrompt(sel, { company: 'Globex' })).toBe('You are a helpful assistant for Globex.');
    const broken = selectPrompt(pack({ default: prompt({ system_template: 'Hi {{who}}' }) }));
    expect(() => renderSystemPrompt(broken, {})).toThrow('prompt "default": the template uses "who"');
  });
});

describe('parameters and history', () => {
  it('lets the pack\'s parameters win over the provider defaults', () => {
    expect(mergeParams({ temperature: 0.9, topP: 0.5, maxTokens: 100 }, { temperature: 0.2, max_tokens: 50, top_k: null, presence_penalty: 1 })).toEqual({
      temperature: 0.2,
      topP: 0.5,
      maxTokens: 50,
      presencePenalty: 1,
    });
    expect(mergeParams({ temperature: 0.9 }, undefined)).toEqual({ temperature: 0.9 });
  });

  it('folds system and tool messages, merges runs of one role, and starts with the user', () => {
    const { extraSystem, chat } = toChat([
      { role: 'assistant', content: 'welcome back' },
      { role: 'system', content: 'be formal' },
      { role: 'user', content: 'a' },
      { role: 'tool', content: '{"x":1}' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
    ]);
    expect(extraSystem).toEqual(['be formal']);
    expect(chat).toEqual([
      { role: 'user', content: '(earlier conversation omitted)' },
      { role: 'assistant', content: 'welcome back' },
      { role: 'user', content: 'a\n\n(tool output from earlier in the conversation)\n{"x":1}' },
      { role: 'assistant', content: 'b' },
      { role: 'user', content: 'c' },
    ]);
  });

  it('parses JSON output, with or without a code fence', () => {
    expect(parseJsonOutput('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonOutput('```json\n[1,2]\n```')).toEqual({ ok: true, value: [1, 2] });
    expect(parseJsonOutput('nope')).toEqual({ ok: false });
  });
});
