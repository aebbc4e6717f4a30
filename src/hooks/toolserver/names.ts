// What the children of ToolServer `<name>` are called and how they are
// labelled: the conventional name when Kubernetes accepts it, else the
// shortened form of ../shared/names.ts. The Service is what a ToolRegistry
// discovers, so its labels and annotations are the ToolServer's public face.

import { sha256 } from '../../shared/sha256.js';
import { DNS_1035_LABEL, DNS_LABEL, fitName, LABEL_VALUE } from '../shared/names.js';
import { TOOL_NAME } from '../toolregistry/discovery.js';
import { LABEL_COMPONENT, LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME } from '../agentruntime/constants.js';

/** app.kubernetes.io/name of every ToolServer child and pod. */
export const TOOLSERVER_APP = 'omnia-toolserver';
/** omnia.altairalabs.ai/component value of a ToolServer's children: a ToolRegistry can select every tool server by it. */
export const TOOLSERVER_COMPONENT = 'toolserver';
/** mcp | http on the Service, so a registry entry of one type selects only servers that speak it. */
export const LABEL_TOOL_PROTOCOL = 'omnia.altairalabs.ai/tool-protocol';
/**
 * http | sse on the Service: the omnia runtime speaks MCP over streamable HTTP
 * only, so a registry feeding it selects `tool-transport: http` and leaves sse
 * servers to other clients.
 */
export const LABEL_TOOL_TRANSPORT = 'omnia.altairalabs.ai/tool-transport';

export interface ToolServerNames {
  /** Service: a DNS-1035 label. */
  service: string;
  /** Deployment: a DNS label (its pods' host names derive from it). */
  deployment: string;
  /** Value of app.kubernetes.io/instance. */
  instance: string;
}

export function toolServerNames(name: string): ToolServerNames {
  return { service: fitName(DNS_1035_LABEL, name), deployment: fitName(DNS_LABEL, name), instance: fitName(LABEL_VALUE, name) };
}

/** Labels of every child and pod. */
export function toolServerLabels(name: string): Record<string, string> {
  return {
    [LABEL_INSTANCE]: toolServerNames(name).instance,
    [LABEL_MANAGED_BY]: 'omnia-hooks',
    [LABEL_NAME]: TOOLSERVER_APP,
    [LABEL_COMPONENT]: TOOLSERVER_COMPONENT,
  };
}

/** What the Deployment and the Service select. */
export function toolServerSelector(name: string): Record<string, string> {
  return { [LABEL_INSTANCE]: toolServerNames(name).instance, [LABEL_NAME]: TOOLSERVER_APP };
}

const MAX_TOOL_NAME = 64;

/**
 * The tool name the Service announces: the ToolServer's name when it is a valid
 * function name (TOOL_NAME: what the LLM vendors accept, and the ToolRegistry
 * checks), else its other characters as `_`, cut to leave room for 8 hex
 * of its sha256 so two long names stay distinct.
 */
export function toolNameOf(name: string): string {
  if (TOOL_NAME.test(name)) return name;
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (cleaned.length <= MAX_TOOL_NAME) return cleaned;
  return `${cleaned.slice(0, MAX_TOOL_NAME - 9)}_${sha256(name, 'hex').slice(0, 8)}`;
}
