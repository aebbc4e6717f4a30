// Shared fixtures of the hook server tests: a registry of small pure hooks, a
// logger whose lines are captured, and a parser for the Prometheus text format.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { HookRegistry } from '../../../src/hooks/registry.js';
import { HookRequestError } from '../../../src/hooks/types.js';
import { REDACT_PATHS } from '../../../src/shared/logger.js';

export const NOW = new Date('2026-01-02T03:04:05.000Z');

interface Req {
  parent?: { metadata: { name: string; namespace?: string } };
  object?: { metadata: { name: string; namespace?: string } };
}

/** Composite `widget` and decorator `gadget` kinds whose hooks echo what they were given. */
export const testRegistry: HookRegistry = {
  widget: {
    controller: 'composite',
    hooks: {
      sync: (request, now) => {
        const { parent } = request as Req;
        return {
          // keys deliberately out of order: the server must sort them
          status: { zeta: 1, phase: 'Running', observedAt: now.toISOString() },
          children: [{ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: parent?.metadata.name }, data: { b: '2', a: '1' } }],
        };
      },
      customize: () => ({ relatedResources: [] }),
      finalize: () => ({ status: {}, children: [], finalized: true }),
    },
  },
  gadget: {
    controller: 'decorator',
    hooks: {
      sync: (request) => ({ status: { phase: 'Ready', name: (request as Req).object?.metadata.name }, labels: {} }),
      customize: () => ({ relatedResources: [] }),
    },
  },
  broken: {
    controller: 'composite',
    hooks: {
      sync: () => {
        throw new TypeError('Cannot read properties of undefined (reading spec)');
      },
      customize: () => {
        throw new HookRequestError('unsupported_version', 'hook version v1 is not supported', 422);
      },
      finalize: () => ({ status: {}, children: [], surprise: true }),
    },
  },
  odd: {
    controller: 'composite',
    hooks: {
      // Contract breaches a buggy hook could commit: none may take the server down.
      sync: () => {
        throw 'a string, not an Error';
      },
      customize: () => [{ relatedResources: [] }],
      finalize: () => ({ status: { big: 10n }, children: [] }),
    },
  },
};

export function parentRequest(name = 'my-agent', namespace = 'agents'): Record<string, unknown> {
  return {
    controller: { metadata: { name: 'test' } },
    parent: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace, uid: 'u-1' }, spec: {} },
    children: {},
    related: {},
    finalizing: false,
  };
}

export function objectRequest(name = 'my-gadget', namespace = 'agents'): Record<string, unknown> {
  return {
    controller: { metadata: { name: 'test' } },
    object: { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name, namespace } },
    attachments: {},
    related: {},
  };
}

export interface CapturedLogger {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
}

/** A pino logger configured like the real one (same redaction) that writes into memory. */
export function captureLogger(): CapturedLogger {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ name: 'omnia-hooks', level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, stream);
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, text };
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Samples of the Prometheus text exposition format (comments skipped). */
export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1] as string] = pair[2] as string;
    out.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return out;
}

export function sampleValue(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}
