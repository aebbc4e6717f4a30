// The Kubernetes REST API of the bench's control plane, over HTTPS with the run's
// admin client certificate: JSON requests, LIST, and WATCH streams (one JSON
// event per line), so the bench sees every change as it happens instead of
// polling hundreds of objects.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Json;
}

export class Api {
  private readonly agent: Agent;

  constructor(
    private readonly baseUrl: string,
    runDir: string,
  ) {
    const pki = join(runDir, 'pki');
    this.agent = new Agent({
      ca: readFileSync(join(pki, 'ca.crt')),
      cert: readFileSync(join(pki, 'admin.crt')),
      key: readFileSync(join(pki, 'admin.key')),
      keepAlive: true,
      maxSockets: 32,
    });
  }

  /** One request; resolves with the status and the parsed body (never throws on a 4xx/5xx). */
  async send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: Json }> {
    const res = await this.raw(method, path, body === undefined ? undefined : JSON.stringify(body), contentType, 'application/json');
    return { status: res.status, body: res.text ? JSON.parse(res.text) : undefined };
  }

  /** One request; resolves with the status and the body as text. */
  private raw(method: string, path: string, data: string | undefined, contentType: string, accept: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.baseUrl),
        { method, agent: this.agent, headers: { accept, ...(data ? { 'content-type': contentType } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  async ok(method: string, path: string, body?: unknown, contentType?: string): Promise<Json> {
    const res = await this.send(method, path, body, contentType);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body;
  }

  /** The API server's own /metrics, as Prometheus text. */
  async metrics(): Promise<string> {
    const res = await this.raw('GET', '/metrics', undefined, '', 'text/plain');
    if (res.status !== 200) throw new Error(`GET /metrics: ${res.status}`);
    return res.text;
  }

  /**
   * Whether a collection is empty now: a LIST of at most one object, so polling
   * it costs the API server next to nothing (a full LIST of 200 agents every
   * half second was a load of the bench's own on the control plane it measures).
   */
  async empty(collection: string): Promise<boolean> {
    const list = await this.ok('GET', `${collection}${collection.includes('?') ? '&' : '?'}limit=1`);
    return list.items.length === 0;
  }

  /**
   * Watches `collection` from now on (a LIST gives the starting resourceVersion;
   * its items are delivered first as ADDED); a stream the server ends is resumed
   * from the last version seen.
   */
  watch(collection: string, onEvent: (e: WatchEvent) => void): { stop(): void } {
    let stopped = false;
    let current: ReturnType<typeof request> | undefined;
    const open = (rv: string): void => {
      if (stopped) return;
      const sep = collection.includes('?') ? '&' : '?';
      current = request(new URL(`${collection}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`, this.baseUrl), { agent: this.agent }, (res) => {
        let buffer = '';
        let last = rv;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (!line.trim()) continue;
            const event = JSON.parse(line) as WatchEvent;
            if (event.type === 'ERROR') continue;
            last = event.object?.metadata?.resourceVersion ?? last;
            if (event.type !== 'BOOKMARK') onEvent(event);
          }
        });
        res.on('end', () => open(last));
        res.on('error', () => open(last));
      });
      current.on('error', () => setTimeout(() => open(rv), 500));
      current.end();
    };
    void this.ok('GET', collection).then((list: Json) => {
      for (const object of list.items) onEvent({ type: 'ADDED', object });
      open(list.metadata.resourceVersion);
    });
    return {
      stop() {
        stopped = true;
        current?.destroy();
      },
    };
  }

  close(): void {
    this.agent.destroy();
  }
}
