// Where a tool call goes. Directly to the tool's endpoint; or, when the pod has
// a ToolGateway (OMNIA_TOOL_GATEWAY_URL), to the gateway: the tool URL's path
// and query appended to the gateway's URL, and the whole tool URL in the
// X-Omnia-Tool-Target header, which the gateway routes on (docs/gateways.md).
// HTTP and MCP tools alike, so every byte to a tool passes the gateway.

import type { ToolEntry } from '../agent-config.js';

export const TOOL_TARGET_HEADER = 'X-Omnia-Tool-Target';

export interface ToolTarget {
  url: string;
  headers: Record<string, string>;
}

export function toolTarget(entry: Pick<ToolEntry, 'endpoint'>, gateway?: string): ToolTarget {
  if (!gateway) return { url: entry.endpoint, headers: {} };
  const tool = new URL(entry.endpoint);
  const gw = new URL(gateway);
  const url = `${gw.origin}${gw.pathname.replace(/\/+$/, '')}${tool.pathname}${tool.search}`;
  return { url, headers: { [TOOL_TARGET_HEADER]: entry.endpoint } };
}
