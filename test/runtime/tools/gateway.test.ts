// Tool calls through a ToolGateway (OMNIA_TOOL_GATEWAY_URL): the tool URL's
// path on the gateway, the tool URL in X-Omnia-Tool-Target. An HTTP tool and a
// real MCP server (the SDK's, over streamable HTTP) are reached through a
// loopback gateway that routes on that header and records what it saw.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callHttpTool } from '../../../src/runtime/tools/http-tool.js';
import { TOOL_TARGET_HEADER, toolTarget } from '../../../src/runtime/tools/gateway.js';
import { McpServerTools } from '../../../src/runtime/tools/mcp-tools.js';
import { startMcpServer, type McpTestServer } from '../../support/fake-vendors/mcp-server.js';
import { startToolServer, type ToolServer } from '../../support/fake-vendors/tool-server.js';

describe('toolTarget', () => {
  const entry = { endpoint: 'http://weather.tools.svc.cluster.local:8080/v2/weather?units=metric' };
  it('without a gateway: the tool URL, no header', () => {
    expect(toolTarget(entry)).toEqual({ url: entry.endpoint, headers: {} });
  });
  it("with a gateway: the tool URL's path and query on the gateway, the tool URL in the header", () => {
    expect(toolTarget(entry, 'http://gw.omnia-system.svc.cluster.local:8080')).toEqual({
      url: 'http://gw.omnia-system.svc.cluster.local:8080/v2/weather?units=metric',
      headers: { [TOOL_TARGET_HEADER]: entry.endpoint },
    });
  });
  it("keeps the gateway's own path prefix", () => {
    expect(toolTarget(entry, 'https://gw.example.com/tools/').url).toBe('https://gw.example.com/tools/v2/weather?units=metric');
  });
});

interface Gateway {
  url: string;
  seen: { method: string; path: string; target?: string }[];
  close(): Promise<void>;
}

/** Forwards each request to the origin its X-Omnia-Tool-Target names (through `routes`), streaming the answer back. */
async function startGateway(routes: Record<string, string>): Promise<Gateway> {
  const seen: Gateway['seen'] = [];
  const server = http.createServer(async (req, res) => {
    const target = req.headers[TOOL_TARGET_HEADER.toLowerCase()] as string | undefined;
    seen.push({ method: req.method ?? '', path: req.url ?? '', ...(target ? { target } : {}) });
    const origin = target ? routes[new URL(target).origin] : undefined;
    if (!origin || !target) return void res.writeHead(403).end('no route');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const t = new URL(target);
    try {
      const up = await fetch(`${origin}${t.pathname}${t.search}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const out: Record<string, string> = {};
      up.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection') out[k] = v;
      });
      res.writeHead(up.status, out);
      res.end(Buffer.from(await up.arrayBuffer()));
    } catch {
      // The upstream went away (a stream cut at shutdown): the client sees a bad gateway.
      if (!res.headersSent) res.writeHead(502);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

describe('through a tool gateway', () => {
  let tools: ToolServer;
  let mcp: McpTestServer;
  let gw: Gateway;
  const HTTP_TOOL = 'http://weather.tools.svc.cluster.local:8080/weather';
  const MCP_TOOL = 'http://calc.tools.svc.cluster.local:3000/mcp';

  beforeAll(async () => {
    tools = await startToolServer();
    mcp = await startMcpServer();
    gw = await startGateway({
      'http://weather.tools.svc.cluster.local:8080': tools.url,
      'http://calc.tools.svc.cluster.local:3000': new URL(mcp.url).origin,
    });
  });
  afterAll(async () => {
    await Promise.all([tools?.close(), mcp?.close(), gw?.close()]);
  });

  it('an HTTP tool call arrives at the gateway naming the tool, and its answer comes back', async () => {
    const entry = { name: 'weather', description: '', type: 'http' as const, endpoint: HTTP_TOOL, timeoutMs: 5_000, retries: 0 };
    const result = await callHttpTool(entry, { city: 'Oslo' }, new AbortController().signal, toolTarget(entry, gw.url));
    expect(result).toMatchObject({ city: 'Oslo', forecast: 'sunny' });
    expect(gw.seen).toContainEqual({ method: 'POST', path: '/weather', target: HTTP_TOOL });
  });

  it('an MCP server is listed and called through the gateway, every request naming it', async () => {
    const entry = { name: 'calc', description: '', type: 'mcp' as const, endpoint: MCP_TOOL, timeoutMs: 5_000, retries: 0 };
    const server = new McpServerTools(entry, Date.now, toolTarget(entry, gw.url));
    const before = gw.seen.length;
    const { tools: listed, error } = await server.list();
    expect(error).toBeUndefined();
    expect(listed.map((t) => t.name).sort()).toEqual(['add', 'explode']);
    expect(await server.call('add', { a: 2, b: 3 }, new AbortController().signal)).toMatchObject({ sum: 5 });
    expect(mcp.calls).toContainEqual({ tool: 'add', args: { a: 2, b: 3 } });
    const mine = gw.seen.slice(before);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((s) => s.path === '/mcp' && s.target === MCP_TOOL)).toBe(true);
    await server.close();
  });
});
