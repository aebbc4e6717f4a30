import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ToolEntry } from '../agent-config.js';
import type { ToolSpec } from '../providers/types.js';
import { ToolCallError } from './http-tool.js';
import { toolTarget, type ToolTarget } from './gateway.js';

// An `mcp` registry entry names an MCP server (streamable HTTP). The runtime
// connects on first use, lists the server's tools and offers all of them under
// their own names. A failed connection is retried on the next turn; a call on
// a broken session drops it so the next turn reconnects.

/** After a failed connection, turns go ahead without the server for this long before it is tried again. */
export const MCP_RETRY_AFTER_MS = 15_000;

export class McpServerTools {
  private client: Client | undefined;
  private connecting: Promise<ToolSpec[]> | undefined;
  private listed: ToolSpec[] | undefined;
  private failure: { at: number; error: string } | undefined;
  private closed = false;

  constructor(
    readonly entry: ToolEntry,
    private readonly now: () => number = Date.now,
    private readonly target: ToolTarget = toolTarget(entry),
  ) {}

  /** The server's tools, or an empty list (and the error) while it is unreachable. */
  async list(): Promise<{ tools: ToolSpec[]; error?: string }> {
    if (this.listed) return { tools: this.listed };
    // A server that just failed (maybe a black-holed address) must not stall every turn by its timeout.
    if (this.failure && this.now() - this.failure.at < MCP_RETRY_AFTER_MS) return { tools: [], error: this.failure.error };
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    try {
      const tools = await this.connecting;
      this.failure = undefined;
      return { tools };
    } catch (err) {
      const error = `MCP server "${this.entry.name}" at ${this.entry.endpoint}: ${(err as Error).message}`;
      this.failure = { at: this.now(), error };
      return { tools: [], error };
    }
  }

  private async connect(): Promise<ToolSpec[]> {
    const client = new Client({ name: 'omnia-runtime', version: '0.1.0' });
    const transport = new StreamableHTTPClientTransport(new URL(this.target.url), { requestInit: { headers: this.target.headers } });
    await client.connect(transport, { timeout: this.entry.timeoutMs });
    if (this.closed) {
      await client.close().catch(() => undefined);
      throw new Error('the runtime is shutting down');
    }
    const tools: ToolSpec[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, { timeout: this.entry.timeoutMs });
      for (const t of page.tools) {
        tools.push({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema as Record<string, unknown> });
      }
      cursor = page.nextCursor;
    } while (cursor);
    this.client = client;
    this.listed = tools;
    return tools;
  }

  async call(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    const client = this.client;
    if (!client) throw new ToolCallError(`MCP server "${this.entry.name}" is not connected`);
    let res: Awaited<ReturnType<Client['callTool']>>;
    try {
      res = await client.callTool({ name, arguments: args }, undefined, { timeout: this.entry.timeoutMs, signal });
    } catch (err) {
      if (!signal.aborted) await this.reset();
      throw new ToolCallError(`MCP tool "${name}" failed: ${(err as Error).message}`);
    }
    const content = Array.isArray(res.content) ? (res.content as { type: string; text?: string }[]) : [];
    const text = content
      .map((c) => (c.type === 'text' ? (c.text ?? '') : `[${c.type} content]`))
      .join('\n');
    if (res.isError) throw new ToolCallError(`MCP tool "${name}" reported an error: ${text || 'no details'}`);
    if (res.structuredContent !== undefined) return res.structuredContent;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  /** For good: a connection still being made is closed as soon as it lands. */
  async close(): Promise<void> {
    this.closed = true;
    await this.reset();
  }

  async reset(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this.listed = undefined;
    await c?.close().catch(() => undefined);
  }
}
