// Shared helpers for the AgentRuntime golden tests: where the fixtures live,
// which hook a case exercises, and the fixed clock.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/agentruntime/', import.meta.url));
export const NOW = new Date('2026-01-01T00:00:00Z');
export const LATER = new Date('2026-01-01T01:30:00Z');

export function cases(): string[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** The cases of the sync hook (neither customize-* nor finalize-*). */
export function syncCases(): string[] {
  return cases().filter((c) => !c.startsWith('customize-') && !c.startsWith('finalize-'));
}

export function fixture(name: string, file: 'request.json' | 'response.json'): string {
  return join(FIXTURES, name, file);
}

/** Reverse key order at every level of every object (arrays keep their order), so nothing arrives sorted. */
export function reversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversed) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).reverse()) out[k] = reversed((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}
