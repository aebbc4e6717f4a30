// No example carries a real credential. Secret values must be placeholders
// (contain "replace-me"), and no file — comments included — may hold a string
// shaped like a vendor key, a private key, a JWT or a URL with a real password.
// Messages name the file, object and key, never the value.

import { where, type Doc } from './parse.js';

export const PLACEHOLDER = 'replace-me';

const SHAPES: [string, RegExp][] = [
  ['an Anthropic API key', /sk-ant-[A-Za-z0-9_-]{16,}/],
  ['an OpenAI-style API key', /\bsk-(?!ant-)(?:proj-)?[A-Za-z0-9_-]{20,}/],
  ['a Google API key', /\bAIza[0-9A-Za-z_-]{30,}/],
  ['a GitHub token', /\bgh[pousr]_[A-Za-z0-9]{30,}/],
  ['an AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a JWT', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
];

/** user:password@ in a URL whose password is not a placeholder. */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@/gi;

export function textSecretProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const [what, re] of SHAPES) if (re.test(line)) problems.push(`${file}:${i + 1}: looks like ${what}; use "${PLACEHOLDER}"`);
    for (const m of line.matchAll(URL_PASSWORD)) {
      if (!m[1]!.toLowerCase().includes(PLACEHOLDER)) problems.push(`${file}:${i + 1}: URL with a password; write "${PLACEHOLDER}" as the password`);
    }
  });
  return problems;
}

function decoded(value: unknown, base64: boolean): string | undefined {
  if (typeof value !== 'string') return undefined;
  return base64 ? Buffer.from(value, 'base64').toString('utf8') : value;
}

export function secretValueProblems(doc: Doc): string[] {
  if (doc.object.kind !== 'Secret') return [];
  const problems: string[] = [];
  for (const [field, base64] of [['stringData', false], ['data', true]] as const) {
    const map = doc.object[field] as unknown;
    if (!map || typeof map !== 'object') continue;
    for (const [key, value] of Object.entries(map)) {
      const text = decoded(value, base64);
      const lines = (text ?? '').split('\n').filter((l) => l.trim() !== '');
      // Every line: a multi-line value (an api-keys file) is many secrets.
      if (lines.length === 0 || lines.some((l) => !l.toLowerCase().includes(PLACEHOLDER))) {
        problems.push(`${where(doc)}: ${field}.${key} is not a placeholder; every value (each line) must contain "${PLACEHOLDER}"`);
      }
    }
  }
  return problems;
}
