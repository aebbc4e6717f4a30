import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod';

// A real MCP server (the SDK's McpServer) over streamable HTTP at /mcp,
// stateless: a fresh server and transport per request, as the SDK documents
// for horizontally scaled servers. Tools: `add` {a, b} → the sum as text,
// `explode` → an isError result.
export interface McpTestServer {
  url: string;
  calls: { tool: string; args: unknown }[];
  close(): Promise<void>;
}

function buildServer(calls: McpTestServer['calls']): McpServer {
  const server = new McpServer({ name: 'test-tools', version: '1.0.0' });
  server.registerTool(
    'add',
    { description: 'Add two numbers', inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => {
      calls.push({ tool: 'add', args: { a, b } });
      return { content: [{ type: 'text', text: JSON.stringify({ sum: a + b }) }] };
    },
  );
  server.registerTool('explode', { description: 'Always fails' }, async () => {
    calls.push({ tool: 'explode', args: {} });
    return { content: [{ type: 'text', text: 'the reactor is offline' }], isError: true };
  });
  return server;
}

/** `port` 0 (the default): one the kernel picks. */
export async function startMcpServer(port = 0): Promise<McpTestServer> {
  const calls: McpTestServer['calls'] = [];
  const httpServer = http.createServer(async (req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    let raw = '';
    for await (const c of req) raw += c;
    const server = buildServer(calls);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, raw ? JSON.parse(raw) : undefined);
  });
  await new Promise<void>((r) => httpServer.listen(port, '127.0.0.1', r));
  const bound = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/mcp`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
