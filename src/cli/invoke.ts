// `omnia invoke <url> --data '{…}'`: one function-mode call (docs/functions.md).
// Prints the answer body on stdout; any other status prints the error body on
// stderr and exits 1. `--data @file` reads the body from a file, `-` from stdin.

import { readFileSync } from 'node:fs';
import { authHeaders, type CredentialOptions } from './credentials.js';

export interface InvokeOptions extends CredentialOptions {
  data: string;
}

function body(data: string): string {
  const text = data === '-' ? readFileSync(0, 'utf8') : data.startsWith('@') ? readFileSync(data.slice(1), 'utf8') : data;
  try {
    JSON.parse(text);
  } catch (err) {
    throw new Error(`--data is not JSON: ${(err as Error).message}`);
  }
  return text;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export async function runInvoke(url: string, opts: InvokeOptions): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(opts) },
    body: body(opts.data),
  });
  const text = await res.text();
  if (res.ok) {
    process.stdout.write(`${pretty(text)}\n`);
    return 0;
  }
  process.stderr.write(`omnia invoke: HTTP ${res.status}\n${pretty(text)}\n`);
  return 1;
}
