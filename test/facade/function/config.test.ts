import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileFunctionSchemas, loadFunctionConfig } from '../../../src/facade/function/index.js';

describe('loadFunctionConfig (function.json in OMNIA_CONFIG_DIR)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'omnia-fn-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = (content: string) => writeFile(join(dir, 'function.json'), content);

  it('reads the name and both schemas, ready to compile', async () => {
    await write(
      JSON.stringify({
        name: 'summarizer',
        inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
        outputSchema: { type: 'object', required: ['summary'] },
      }),
    );
    const cfg = await loadFunctionConfig(dir);
    expect(cfg.name).toBe('summarizer');
    const v = compileFunctionSchemas(cfg.inputSchema, cfg.outputSchema);
    expect(v.validateInput({ text: 'x' })).toEqual({ ok: true });
    expect(v.validateOutput({}).ok).toBe(false);
  });

  it('says what is wrong with a missing, malformed or incomplete file', async () => {
    await expect(loadFunctionConfig(dir)).rejects.toThrow(
      `cannot read ${join(dir, 'function.json')}: the file does not exist (is OMNIA_CONFIG_DIR right, and is the AgentRuntime in function mode?)`,
    );
    await write('{"name": "x", ');
    await expect(loadFunctionConfig(dir)).rejects.toThrow(new RegExp(`^${join(dir, 'function.json')} is not valid JSON: `));
    await write('[]');
    await expect(loadFunctionConfig(dir)).rejects.toThrow('must hold a JSON object {"name", "inputSchema", "outputSchema"}');
    await write('{"inputSchema": {}, "outputSchema": {}}');
    await expect(loadFunctionConfig(dir)).rejects.toThrow('"name" must be a non-empty string');
    await write('{"name": "f", "outputSchema": {}}');
    await expect(loadFunctionConfig(dir)).rejects.toThrow('"inputSchema" is missing');
    await write('{"name": "f", "inputSchema": {}}');
    await expect(loadFunctionConfig(dir)).rejects.toThrow('"outputSchema" is missing');
  });
});
