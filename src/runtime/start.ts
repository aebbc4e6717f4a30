import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ENV } from '../contract/pod-env.js';
import type { Logger } from 'pino';
import { listen } from '../shared/http/listen.js';
import { loadAgentFile, loadFunctionFile, loadToolsFile } from './agent-config.js';
import { Agent } from './agent.js';
import { loadSettings, type RuntimeSettings } from './config.js';
import { loadPack, selectPrompt } from './promptpack.js';
import { createProvider } from './providers/index.js';
import type { Provider } from './providers/types.js';
import { createRuntimeServer, type RuntimeServer } from './server.js';
import { ToolSet } from './tools/toolset.js';

// Builds the runtime from its environment and starts listening. Every
// configuration problem surfaces here, before the port opens, as one error
// whose message says what to fix.

export interface StartedRuntime {
  /** The protocol's base URL (loopback in the pod). */
  url: string;
  /** The health-only listener's base URL. */
  healthUrl: string;
  settings: RuntimeSettings;
  agent: Agent;
  provider: Provider;
  server: RuntimeServer;
  close(timeoutMs?: number): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  log?: Logger;
  /** Tests and benchmarks inject a provider; production always builds one from the env. */
  provider?: Provider;
}

export function buildAgent(settings: RuntimeSettings, opts: Pick<StartOptions, 'log' | 'provider'> = {}): { agent: Agent; provider: Provider; tools: ToolSet; promptKey: string; packVersion: string } {
  const pack = loadPack(settings.packPath);
  const prompt = selectPrompt(pack, settings.promptName);
  const agentFile = loadAgentFile(settings.configDir);
  const toolEntries = loadToolsFile(settings.configDir);
  const functionFile = loadFunctionFile(settings.configDir);
  const provider = opts.provider ?? createProvider(settings.provider);
  const tools = new ToolSet(toolEntries, prompt.prompt, pack.tools ?? {}, opts.log, settings.toolGateway);
  const agent = new Agent({
    prompt,
    provider,
    providerSettings: settings.provider,
    agentFile,
    tools,
    variables: settings.promptVariables,
    ...(functionFile ? { functionFile } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  // Agent mode has one system prompt for every turn: render it now so a
  // missing required variable stops start-up. Function mode renders per input.
  if (settings.mode === 'agent') agent.prepareConversation();
  return { agent, provider, tools, promptKey: prompt.key, packVersion: pack.version };
}

/** A loopback URL for a listener bound to a wildcard address, else its own address. */
function urlOf(server: Server): string {
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`;
}

export async function startRuntime(opts: StartOptions = {}): Promise<StartedRuntime> {
  const settings = loadSettings(opts.env ?? process.env);
  const { agent, provider, tools, promptKey, packVersion } = buildAgent(settings, opts);
  const info = { provider: provider.name, model: provider.model, prompt: promptKey, packVersion };
  const server = createRuntimeServer(agent, settings.frameworkVersion ? { ...info, frameworkVersion: settings.frameworkVersion } : info, opts.log);
  tools.warm();
  await listen(server.server, settings.port, settings.host);
  // Every address (IPv6 too): the kubelet probes the pod IP, whichever family it has.
  try {
    await listen(server.health, settings.healthPort);
  } catch (err) {
    server.server.close();
    await tools.close();
    throw new Error(`${ENV.runtimeHealthPort.name}: cannot listen on ${settings.healthPort}: ${(err as Error).message}`);
  }
  return {
    url: urlOf(server.server),
    healthUrl: urlOf(server.health),
    settings,
    agent,
    provider,
    server,
    async close(timeoutMs) {
      await server.close(timeoutMs);
      await tools.close();
    },
  };
}
