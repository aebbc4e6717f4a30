import type { Logger } from 'pino';
import type { ToolEntry } from '../agent-config.js';
import type { PackPrompt, PackToolDef } from '../promptpack.js';
import type { ToolSpec } from '../providers/types.js';
import { callHttpTool, ToolCallError } from './http-tool.js';
import { McpServerTools } from './mcp-tools.js';
import { toolTarget, type ToolTarget } from './gateway.js';

// The tools one prompt may use: the ToolRegistry's entries (tools.json),
// narrowed by the prompt's `tools` list and `tool_policy.blocklist` (which
// narrow the agent's peers too: PeerTools is given `allows`). The pack's
// own tool definitions fill in a description or schema the registry lacks.

const ANY_OBJECT: Record<string, unknown> = { type: 'object', properties: {}, additionalProperties: true };

export type ToolOutcome = { ok: true; result: unknown } | { ok: false; error: string };

export class ToolSet {
  private readonly http = new Map<string, { entry: ToolEntry; target: ToolTarget }>();
  private readonly mcp: McpServerTools[] = [];
  /** Which MCP server answers which tool name (first server wins a clash). */
  private readonly mcpOwner = new Map<string, McpServerTools>();
  /**
   * Whether the prompt lets the model call `name` at all (its `tools` list and
   * `tool_policy.blocklist`): the same rule for the registry's tools and for the
   * peers the agent delegates to.
   */
  readonly allows: (name: string) => boolean;

  constructor(
    entries: ToolEntry[],
    prompt: Pick<PackPrompt, 'tools' | 'tool_policy'>,
    private readonly packTools: Record<string, PackToolDef> = {},
    private readonly log?: Logger,
    /** OMNIA_TOOL_GATEWAY_URL: every tool call goes through it (./gateway.ts). */
    gateway?: string,
  ) {
    for (const e of entries) {
      if (e.type === 'http') this.http.set(e.name, { entry: e, target: toolTarget(e, gateway) });
      else this.mcp.push(new McpServerTools(e, Date.now, toolTarget(e, gateway)));
    }
    const only = prompt.tools && prompt.tools.length > 0 ? new Set(prompt.tools) : undefined;
    const blocked = new Set(prompt.tool_policy?.blocklist ?? []);
    this.allows = (name) => (only ? only.has(name) : true) && !blocked.has(name);
  }

  /** Connect to MCP servers in the background so the first turn does not wait for them. */
  warm(): void {
    for (const server of this.mcp) void server.list();
  }

  get size(): number {
    return this.http.size + this.mcp.length;
  }

  /** Whether a call of `name` is this set's to answer (an allowed HTTP tool, or a tool an MCP server listed). */
  has(name: string): boolean {
    return this.allows(name) && (this.http.has(name) || this.mcpOwner.has(name));
  }

  /** What the model is offered this turn. Unreachable MCP servers are skipped (and logged), not fatal. */
  async specs(): Promise<ToolSpec[]> {
    const out: ToolSpec[] = [];
    const names = new Set<string>();
    for (const { entry: e } of this.http.values()) {
      if (!this.allows(e.name)) continue;
      const def = this.packTools[e.name];
      out.push({
        name: e.name,
        description: e.description || def?.description || `HTTP tool ${e.name}`,
        inputSchema: e.inputSchema ?? def?.parameters ?? ANY_OBJECT,
      });
      names.add(e.name);
    }
    for (const server of this.mcp) {
      const { tools, error } = await server.list();
      if (error) this.log?.warn({ tool: server.entry.name }, error);
      for (const t of tools) {
        if (!this.allows(t.name)) continue;
        if (names.has(t.name)) {
          if (this.mcpOwner.get(t.name) !== server) this.log?.warn({ tool: t.name, server: server.entry.name }, 'tool name already taken; skipped');
          continue;
        }
        names.add(t.name);
        this.mcpOwner.set(t.name, server);
        out.push(t);
      }
    }
    return out;
  }

  /** Never throws: a failing tool becomes an error text for the model. */
  async call(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome> {
    try {
      if (!this.allows(name)) return { ok: false, error: `tool "${name}" is not available to this agent` };
      const http = this.http.get(name);
      if (http) return { ok: true, result: await callHttpTool(http.entry, args, signal, http.target) };
      const server = this.mcpOwner.get(name);
      if (server) return { ok: true, result: await server.call(name, args, signal) };
      return { ok: false, error: `tool "${name}" does not exist` };
    } catch (err) {
      const message = err instanceof ToolCallError ? err.message : `tool "${name}" failed: ${(err as Error).message}`;
      return { ok: false, error: message };
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.mcp.map((m) => m.close()));
  }
}
