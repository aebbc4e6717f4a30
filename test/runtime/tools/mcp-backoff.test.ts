import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_RETRY_AFTER_MS, McpServerTools } from '../../../src/runtime/tools/mcp-tools.js';
import { startMcpServer, type McpTestServer } from '../../support/fake-vendors/mcp-server.js';

// An MCP server that fails is not retried on every turn (a black-holed address
// would stall each turn by its timeout) but again once the back-off passed.

describe('MCP connection back-off', () => {
  let broken: http.Server;
  let hits = 0;
  let url: string;
  let mcp: McpTestServer;

  beforeAll(async () => {
    broken = http.createServer((req, res) => {
      hits += 1;
      req.resume();
      res.writeHead(500, { 'content-type': 'text/plain' }).end('broken');
    });
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/mcp`;
    mcp = await startMcpServer();
  });
  afterAll(async () => {
    broken.closeAllConnections();
    await new Promise((r) => broken.close(r));
    await mcp.close();
  });

  it('skips a failed server until the back-off has passed, then tries again', async () => {
    let now = 1_000_000;
    const server = new McpServerTools({ name: 'calc', description: '', type: 'mcp', endpoint: url, timeoutMs: 2_000, retries: 0 }, () => now);
    const first = await server.list();
    expect(first.tools).toEqual([]);
    expect(first.error).toMatch(/^MCP server "calc" at http:\/\/127\.0\.0\.1:\d+\/mcp: /);
    const afterFirst = hits;
    expect(afterFirst).toBeGreaterThan(0);

    now += MCP_RETRY_AFTER_MS - 1;
    expect(await server.list()).toEqual(first);
    expect(hits).toBe(afterFirst);

    now += 2;
    await server.list();
    expect(hits).toBeGreaterThan(afterFirst);
    await server.close();
  });

  it('lists a healthy server once and keeps the list', async () => {
    const server = new McpServerTools({ name: 'calc', description: '', type: 'mcp', endpoint: mcp.url, timeoutMs: 5_000, retries: 0 });
    const a = await server.list();
    expect(a.tools.map((t) => t.name)).toEqual(['add', 'explode']);
    expect((await server.list()).tools).toBe(a.tools); // cached, not listed again
    expect(await server.call('add', { a: 1, b: 2 }, new AbortController().signal)).toEqual({ sum: 3 });
    await server.close();
    await expect(server.call('add', { a: 1, b: 2 }, new AbortController().signal)).rejects.toThrow('MCP server "calc" is not connected');
  });
});
