import { pino } from 'pino';
import WebSocket, { type ClientOptions } from 'ws';
import { createFacade, type Facade, type FacadeOverrides } from '../../src/facade/app.js';
import { loadFacadeConfig, type FacadeConfig } from '../../src/facade/config.js';

export const silent = pino({ level: 'silent' });

export interface Running {
  facade: Facade;
  config: FacadeConfig;
  port: number;
  healthPort: number;
  wsUrl(query?: string): string;
  health(path: string): Promise<{ status: number; text: string }>;
}

/** A facade on loopback ports chosen by the kernel, built from env like the real entry point. */
export async function startFacade(env: Record<string, string>, overrides: FacadeOverrides = {}): Promise<Running> {
  const config = loadFacadeConfig({
    OMNIA_AGENT_NAME: 'support',
    OMNIA_NAMESPACE: 'team-a',
    OMNIA_FACADE_PORT: '0',
    OMNIA_HEALTH_PORT: '0',
    OMNIA_BIND_ADDRESS: '127.0.0.1',
    OMNIA_HANDLER_MODE: 'echo',
    OMNIA_FACADE_ALLOW_UNAUTHENTICATED: 'true',
    ...env,
  });
  const facade = createFacade(config, { logger: silent, demo: { chunkDelayMs: 0 }, ...overrides });
  const { port, healthPort } = await facade.listen();
  return {
    facade,
    config,
    port,
    healthPort,
    wsUrl: (query = '') => `ws://127.0.0.1:${port}/ws${query}`,
    async health(path) {
      const res = await fetch(`http://127.0.0.1:${healthPort}${path}`);
      return { status: res.status, text: await res.text() };
    },
  };
}

export type Msg = Record<string, any> & { type: string; session_id: string; timestamp: string };

/** A real `ws` client that queues every server message for the test to take in order. */
export class Client {
  readonly ws: WebSocket;
  private queue: Msg[] = [];
  private waiters: ((m: Msg) => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(url: string, protocols?: string | string[], opts?: ClientOptions) {
    this.ws = new WebSocket(url, protocols, opts);
    this.ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Msg;
      const w = this.waiters.shift();
      if (w) w(m);
      else this.queue.push(m);
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string, protocols?: string | string[], opts?: ClientOptions): Promise<Client> {
    const c = new Client(url, protocols, opts);
    await c.opened;
    return c;
  }

  next(timeoutMs = 5_000): Promise<Msg> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no server message within timeout')), timeoutMs);
      this.waiters.push((m) => {
        clearTimeout(t);
        resolve(m);
      });
    });
  }

  /** Messages up to and including the first of type done or error. */
  async untilReply(): Promise<Msg[]> {
    const out: Msg[] = [];
    for (;;) {
      const m = await this.next();
      out.push(m);
      if (m.type === 'done' || m.type === 'error') return out;
    }
  }

  /** Every message received and not yet taken (after `closed`, the rest of the conversation). */
  takeAll(): Msg[] {
    return this.queue.splice(0);
  }

  send(obj: unknown): void {
    this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
  }

  async say(content: string, extra: Record<string, unknown> = {}): Promise<Msg[]> {
    this.send({ type: 'message', content, ...extra });
    return this.untilReply();
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

/** The HTTP status a refused WebSocket upgrade answered with. */
export function upgradeStatus(url: string, protocols?: string | string[], opts?: ClientOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, opts);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

/** The value of one Prometheus sample line, e.g. metric('x_total', {status: "ok"}). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    const labelPart = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    const got = Object.fromEntries([...labelPart.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(line.split(' ').pop());
  }
  return undefined;
}

export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
