import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ENV, readEnv, type Env } from '../contract/pod-env.js';
import type { Logger } from 'pino';
import { listen } from '../shared/http/listen.js';
import { loadAgentFile, loadFunctionFile, loadToolsFile } from './agent-config.js';
import { Agent } from './agent.js';
import { listenSettings, loadSettings, type RuntimeSettings } from './config.js';
import { loadPack, selectPrompt } from './promptpack.js';
import { createProvider } from './providers/index.js';
import type { Provider } from './providers/types.js';
import { createRuntimeServer, type RuntimeServer } from './server.js';
import { PeerTools } from './peers/peer-tools.js';
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
  const peers =
    settings.peers.peers.length > 0 ? new PeerTools(settings.peers, settings.agentName, agentFile.contextLimit, opts.log, tools.allows) : undefined;
  const agent = new Agent({
    prompt,
    provider,
    providerSettings: settings.provider,
    agentFile,
    tools,
    ...(peers ? { peers } : {}),
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

/** Opens the protocol listener (loopback in the pod) and the health-only one (every address: the kubelet probes the pod IP, whichever family it has). */
async function listenBoth(server: RuntimeServer, { port, host, healthPort }: ReturnType<typeof listenSettings>): Promise<{ url: string; healthUrl: string }> {
  await listen(server.server, port, host);
  try {
    await listen(server.health, healthPort);
  } catch (err) {
    server.server.close();
    throw new Error(`${ENV.runtimeHealthPort.name}: cannot listen on ${healthPort}: ${(err as Error).message}`);
  }
  return { url: urlOf(server.server), healthUrl: urlOf(server.health) };
}

export async function startRuntime(opts: StartOptions = {}): Promise<StartedRuntime> {
  const settings = loadSettings(opts.env ?? process.env);
  const { agent, provider, tools, promptKey, packVersion } = buildAgent(settings, opts);
  const info = { provider: provider.name, model: provider.model, prompt: promptKey, packVersion };
  const server = createRuntimeServer({ agent, info: settings.frameworkVersion ? { ...info, frameworkVersion: settings.frameworkVersion } : info }, opts.log);
  tools.warm();
  let urls: { url: string; healthUrl: string };
  try {
    urls = await listenBoth(server, settings);
  } catch (err) {
    await tools.close();
    throw err;
  }
  return {
    ...urls,
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

/**
 * Why this runtime takes no turns: the pod was deployed without its PromptPack
 * or Provider (OMNIA_MISSING_DEPENDENCIES, waitForDependencies false); undefined
 * when nothing is missing. Names only, never a value read from a Secret.
 */
export function missingReason(env: Env): string | undefined {
  const missing = readEnv(env, ENV.missingDependencies) ?? [];
  if (missing.length === 0) return undefined;
  const one = missing.length === 1;
  return `not ready: this agent was deployed without ${missing.join(' and ')} (waitForDependencies is false); it takes no turns until ${one ? 'that is' : 'those are'} Ready and the pods roll onto ${one ? 'it' : 'them'}`;
}

export interface UnavailableRuntime {
  url: string;
  healthUrl: string;
  reason: string;
  close(timeoutMs?: number): Promise<void>;
}

/**
 * The runtime of a pod deployed without what it needs: it reads neither a pack
 * nor provider settings, listens as usual, and answers every probe and turn
 * with 503 and `reason` — not ready, but never crashing into a restart loop.
 */
export async function startUnavailable(reason: string, opts: Pick<StartOptions, 'env' | 'log'> = {}): Promise<UnavailableRuntime> {
  const server = createRuntimeServer({ unavailable: reason }, opts.log);
  const urls = await listenBoth(server, listenSettings(opts.env ?? process.env));
  return { ...urls, reason, close: (timeoutMs) => server.close(timeoutMs) };
}
