import { readFileSync } from 'node:fs';
import { isObject } from '../shared/json.js';
import type { Parameters, ToolPolicy, Variable } from '../types/generated/promptpack-content.js';

// Loading one prompt of a PromptPack (https://promptpack.org) and rendering its
// system template. The PromptPack hook has already validated the pack against
// the JSON Schema before any agent runs it, so here we check only what the
// runtime relies on, and say exactly what is wrong when that fails.

// The pack's own shapes come from the generated PromptPack types
// (schemas/promptpack-content.schema.json); `default` is any JSON value here,
// where the generator, from a schema that leaves it untyped, says object.
export type VariableType = Variable['type'];
export type PackVariable = Omit<Variable, 'default' | 'description' | 'example'> & { default?: unknown };
export type PackParameters = Parameters;

export interface PackToolDef {
  name: string;
  description: string;
  parameters?: Record<string, unknown>;
}

export interface PackPrompt {
  id: string;
  name: string;
  version: string;
  system_template: string;
  variables?: PackVariable[];
  tools?: string[];
  tool_policy?: ToolPolicy;
  parameters?: PackParameters;
}

export interface PromptPack {
  id: string;
  name: string;
  version: string;
  template_engine: { version: string; syntax: string };
  prompts: Record<string, PackPrompt>;
  fragments?: Record<string, string>;
  tools?: Record<string, PackToolDef>;
}

export interface SelectedPrompt {
  pack: PromptPack;
  key: string;
  prompt: PackPrompt;
}

export class PromptError extends Error {
  override name = 'PromptError';
}

/** The tool_policy fields the agent's loop relies on (max_rounds sets its step limit). */
function checkToolPolicy(policy: unknown, where: string): void {
  if (policy === undefined) return;
  if (!isObject(policy)) throw new PromptError(`${where}: "tool_policy" must be an object`);
  const rounds = policy.max_rounds;
  if (rounds !== undefined && !(typeof rounds === 'number' && Number.isInteger(rounds) && rounds >= 1)) {
    throw new PromptError(`${where}: "tool_policy.max_rounds" must be an integer of at least 1 (got ${JSON.stringify(rounds)})`);
  }
}

/** Parse and structurally check a pack; `source` names the file in messages. */
export function parsePack(text: string, source: string): PromptPack {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new PromptError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(doc)) throw new PromptError(`${source}: a PromptPack must be a JSON object`);
  if (!isObject(doc.prompts) || Object.keys(doc.prompts).length === 0) {
    throw new PromptError(`${source}: "prompts" must be an object with at least one prompt`);
  }
  const te = doc.template_engine;
  if (!isObject(te) || typeof te.syntax !== 'string' || !te.syntax.includes('variable')) {
    throw new PromptError(`${source}: "template_engine.syntax" must be a pattern such as "{{variable}}"`);
  }
  for (const [key, p] of Object.entries(doc.prompts)) {
    if (!isObject(p)) throw new PromptError(`${source}: prompt "${key}" must be an object`);
    if (typeof p.system_template !== 'string' || p.system_template === '') {
      throw new PromptError(`${source}: prompt "${key}" has no "system_template"`);
    }
    if (p.variables !== undefined) {
      if (!Array.isArray(p.variables)) throw new PromptError(`${source}: prompt "${key}": "variables" must be an array`);
      for (const v of p.variables) {
        if (!isObject(v) || typeof v.name !== 'string') {
          throw new PromptError(`${source}: prompt "${key}": every variable needs a "name"`);
        }
      }
    }
    if (p.parameters !== undefined && !isObject(p.parameters)) {
      throw new PromptError(`${source}: prompt "${key}": "parameters" must be an object`);
    }
    checkToolPolicy(p.tool_policy, `${source}: prompt "${key}"`);
  }
  return doc as unknown as PromptPack;
}

export function loadPack(path: string): PromptPack {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PromptError(`cannot read the PromptPack at ${path} (${code ?? (err as Error).message}); set OMNIA_PROMPTPACK_PATH`);
  }
  return parsePack(text, path);
}

/** The named prompt, else `default`, else the pack's only prompt. */
export function selectPrompt(pack: PromptPack, name?: string): SelectedPrompt {
  const keys = Object.keys(pack.prompts);
  const pick = (key: string): SelectedPrompt => ({ pack, key, prompt: pack.prompts[key] as PackPrompt });
  if (name !== undefined) {
    if (pack.prompts[name]) return pick(name);
    throw new PromptError(`OMNIA_PROMPT_NAME="${name}" is not a prompt of pack "${pack.id}" (it has: ${keys.join(', ')})`);
  }
  if (pack.prompts.default) return pick('default');
  if (keys.length === 1) return pick(keys[0] as string);
  throw new PromptError(
    `pack "${pack.id}" has ${keys.length} prompts and none is called "default"; set OMNIA_PROMPT_NAME to one of: ${keys.join(', ')}`,
  );
}

function checkType(v: PackVariable, value: unknown): string | undefined {
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  if (actual !== v.type) return `variable "${v.name}" must be ${v.type}, got ${actual}`;
  const rule = v.validation;
  if (!rule) return undefined;
  if (typeof value === 'string') {
    if (rule.pattern !== undefined && !new RegExp(rule.pattern).test(value)) return `variable "${v.name}" does not match ${rule.pattern}`;
    if (rule.min_length !== undefined && value.length < rule.min_length) return `variable "${v.name}" is shorter than ${rule.min_length}`;
    if (rule.max_length !== undefined && value.length > rule.max_length) return `variable "${v.name}" is longer than ${rule.max_length}`;
  }
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum) return `variable "${v.name}" is below ${rule.minimum}`;
    if (rule.maximum !== undefined && value > rule.maximum) return `variable "${v.name}" is above ${rule.maximum}`;
  }
  if (rule.enum !== undefined && !rule.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return `variable "${v.name}" must be one of ${JSON.stringify(rule.enum)}`;
  }
  return undefined;
}

/**
 * The values the template sees: declared defaults, overridden by `values`.
 * Declared variables are type- and rule-checked; a required one without a
 * value is an error. Undeclared values pass through (function inputs carry
 * fields the pack does not declare).
 */
export function resolveVariables(prompt: PackPrompt, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  const problems: string[] = [];
  for (const v of prompt.variables ?? []) {
    const given = values[v.name];
    if (given === undefined || given === null) {
      if (v.default !== undefined) out[v.name] = v.default;
      else if (v.required) problems.push(`required variable "${v.name}" has no value`);
      continue;
    }
    const bad = checkType(v, given);
    if (bad) problems.push(bad);
  }
  if (problems.length > 0) throw new PromptError(`prompt "${prompt.id}": ${problems.join('; ')}`);
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compile the pack's placeholder syntax, e.g. "{{variable}}" or "${variable}". */
export function placeholderPattern(syntax: string): RegExp {
  const at = syntax.indexOf('variable');
  const open = escapeRegExp(syntax.slice(0, at));
  const close = escapeRegExp(syntax.slice(at + 'variable'.length));
  return new RegExp(`${open}\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*${close}`, 'g');
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Substitute placeholders. A placeholder that names a pack fragment (and no
 * variable) expands to the fragment, itself rendered, so fragments can use
 * variables. An unknown placeholder is an error rather than literal braces
 * reaching the model.
 */
export function renderTemplate(
  template: string,
  vars: Record<string, unknown>,
  pack: Pick<PromptPack, 'template_engine' | 'fragments'>,
  depth = 0,
): string {
  if (depth > 5) throw new PromptError('fragments nest more than 5 levels deep (a fragment includes itself?)');
  const re = placeholderPattern(pack.template_engine.syntax);
  const missing = new Set<string>();
  const text = template.replace(re, (whole, name: string) => {
    if (vars[name] !== undefined && vars[name] !== null) return show(vars[name]);
    const fragment = pack.fragments?.[name];
    if (fragment !== undefined) return renderTemplate(fragment, vars, pack, depth + 1);
    missing.add(name);
    return whole;
  });
  if (missing.size > 0) {
    throw new PromptError(`the template uses ${[...missing].map((m) => `"${m}"`).join(', ')}, which is neither a variable with a value nor a fragment`);
  }
  return text;
}

/** Render the selected prompt's system template with variable values. */
export function renderSystemPrompt(sel: SelectedPrompt, values: Record<string, unknown>): string {
  const vars = resolveVariables(sel.prompt, values);
  try {
    return renderTemplate(sel.prompt.system_template, vars, sel.pack);
  } catch (err) {
    throw new PromptError(`prompt "${sel.key}": ${(err as Error).message}`);
  }
}
