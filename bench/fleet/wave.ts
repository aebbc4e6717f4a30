// One wave on one control plane: N copies of the demo agent
// (manifests/examples/agentruntime/demo-agent.yaml) created at once, watched until
// every one has its Deployment and reports Running; then a touch of every agent
// (an annotation: a sync with nothing to do) to count what an idle resync costs;
// then all deleted at once, until nothing of them is left. Times come from watch
// events as they arrive; API requests from Metacontroller's client-go counter;
// CPU and memory of Metacontroller and the hook server from /proc.
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ControlPlane } from '../../test/cluster/support/control-plane.js';
import { REPO_ROOT } from '../../test/cluster/support/binaries.js';
import { cpuSeconds } from '../hooks/proc-cpu.js';
import { Api, type Json } from './api.js';
import { apiserverCounters, delta, hookCallsOf, latencyCounters, meanLatencies, machineTicks, memoryMiB, restRequests, scrape, top, total, workqueue, type QueueCounters } from './probes.js';

const NS = 'fleet';
const OMNIA = '/apis/omnia.altairalabs.ai/v1alpha1';
const AGENT_CONTROLLER = 'omnia-agentruntime';
const AGENT_QUEUE = `CompositeController-${AGENT_CONTROLLER}`;
/** The AgentRuntime controller's sync hook calls so far, from a scrape of Metacontroller's /metrics. */
const syncCalls = (metrics: string): number => hookCallsOf(metrics, 'sync', AGENT_CONTROLLER);

export interface WaveOptions {
  agents: number;
  /** Give up waiting for one phase after this many seconds (the result says how far it got). */
  capSeconds: number;
  log: (line: string) => void;
  /**
   * Delete each agent (16 DELETEs at a time, as a client deleting a fleet in
   * parallel would) instead of one DELETE of the collection. The API server works
   * through a collection one object after the other (kube-apiserver's
   * --delete-collection-workers is 1): 200 agents took it 17-25 s on its own,
   * which hid the controllers' work, and 1,000 ran past its 60 s request timeout.
   */
  deleteEach?: boolean;
  /**
   * false: the agents set agentNetwork.expose: false, so they get no Service.
   * A ClusterIP Service costs the API server its IP allocation (an IPAddress
   * object written through its own API); the wave without it shows what that
   * allocation costs the fleet (bench/fleet.md, "What bounds the lag").
   */
  exposed?: boolean;
}

export interface Snapshot {
  at: number;
  /** latencyCounters: request time in the API server per verb and resource. */
  latency: Record<string, number>;
  /** apiserverCounters: the API server's requests and watch events, from the same scrape. */
  apiserver: Record<string, number>;
  requests: Record<string, number>;
  hookCalls: number;
  cpu: { metacontroller: number; hooks: number };
  /** Metacontroller's AgentRuntime workqueue. */
  queue: QueueCounters;
  machine: { busy: number; all: number };
  /** CPU seconds so far of every control-plane process, by name. */
  processes: Record<string, number>;
}

/** Per phase: what Metacontroller's AgentRuntime workers did, and how busy the machine was. */
export interface PhaseLoad {
  /** Items workers took (syncs and finalize calls). */
  syncs: number;
  /** Mean ms and count of the phase's requests in the API server, per verb and resource, the busiest first. */
  latencyMs: Record<string, { ms: number; requests: number }>;
  /** Mean time an item waited for a worker, and a worker spent on it (hook calls + API requests), in ms. */
  meanWaitMs: number;
  meanWorkMs: number;
  /** Mean hook call as Metacontroller timed it (the proxy and the hook server), in ms. */
  meanHookMs: number;
  /** Share of all cores busy (1 = every core all the time). */
  machineBusy: number;
  /** CPU seconds per process in the phase (the bench itself included, as `bench`: its watches and the hook proxy). */
  cpu: Record<string, number>;
}

export interface WaveResult {
  agents: number;
  loadBefore: number[];
  loadAtRunning: number[];
  createSeconds: number;
  allDeploymentsSeconds?: number;
  allRunningSeconds?: number;
  deploymentsSeen: number;
  deletedBy: string;
  running: number;
  statusLagSeconds: { p50?: number; p95?: number; max?: number; samples: number };
  /** Distinct statuses per agent until all were Running, and the first agent's, in order. */
  statusesPerAgent: number;
  firstAgentStatuses: string[];
  /** Status writes of the agents' PromptPack between the first agent's Deployment and the last agent Running. */
  packStatusWrites: number;
  /** Until every agent's DELETE was answered (each has its deletionTimestamp); all deleted counts from the first. */
  deletesSentSeconds: number;
  allDeletedSeconds?: number;
  podsGoneSeconds?: number;
  /** Metacontroller's requests/s with nothing to do (API discovery), measured for 10 s before the wave. */
  backgroundPerSecond: number;
  /** Per agent: Metacontroller API requests (per method; total; net = total less the background) and hook sync calls. */
  perAgent: {
    createToRunning: { requests: Record<string, number>; total: number; net: number; syncCalls: number };
    idleResync: { requests: Record<string, number>; total: number; net: number; syncCalls: number };
    delete: { requests: Record<string, number>; total: number; net: number };
  };
  /** The API server's requests (verb resource) and watch events sent (by kind) from creation to all Running, the largest first. */
  apiserverCreateToRunning: Record<string, number>;
  /** CPU seconds spent per phase, and memory in MiB. */
  metacontroller: { cpuCreate: number; cpuIdle: number; cpuDelete: number; rssAtRunningMiB: number; peakMiB: number };
  phases: { createToRunning: PhaseLoad; idleResync: PhaseLoad; delete: PhaseLoad };
  hooks: { cpuCreate: number; cpuIdle: number; cpuDelete: number; rssAtRunningMiB: number; peakMiB: number };
}

/** The demo example's documents: its pack source ConfigMap, PromptPack and AgentRuntime. */
function demoExample(): { source: Json; pack: Json; agent: Json } {
  const docs = parseAllDocuments(readFileSync(join(REPO_ROOT, 'manifests/examples/agentruntime/demo-agent.yaml'), 'utf8')).map((d) => d.toJS() as Json);
  const byKind = (k: string): Json => docs.find((d) => d.kind === k);
  return { source: byKind('ConfigMap'), pack: byKind('PromptPack'), agent: byKind('AgentRuntime') };
}

const now = (): number => performance.now() / 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function poll(check: () => boolean | Promise<boolean>, capSeconds: number, everyMs = 250): Promise<boolean> {
  const deadline = now() + capSeconds;
  while (now() < deadline) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return check();
}

/** Runs `task` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

function quantile(sorted: number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function available(d: Json): boolean {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && (s.updatedReplicas ?? 0) >= want && (s.availableReplicas ?? 0) >= want;
}

export async function runWave(plane: ControlPlane, opts: WaveOptions): Promise<WaveResult> {
  const { agents: n, capSeconds, log } = opts;
  const api = new Api(plane.apiserverUrl, plane.runDir);
  const pids = plane.pids();
  if (!pids.metacontroller || !pids.hooks || !plane.metacontrollerMetricsUrl) throw new Error('the bench needs its own control plane (Metacontroller and hook server pids)');
  const metricsUrl = plane.metacontrollerMetricsUrl;
  const snapshot = async (): Promise<Snapshot> => {
    const at = now();
    // One scrape per snapshot: its request counter and its workqueue come from the same moment.
    const [metrics, apiserverMetrics] = await Promise.all([scrape(metricsUrl), api.metrics()]);
    return {
      at,
      latency: latencyCounters(apiserverMetrics),
      apiserver: apiserverCounters(apiserverMetrics),
      requests: restRequests(metrics),
      hookCalls: syncCalls(metrics),
      cpu: { metacontroller: cpuSeconds(pids.metacontroller!), hooks: cpuSeconds(pids.hooks!) },
      queue: workqueue(metrics, AGENT_QUEUE),
      machine: machineTicks(),
      processes: { ...Object.fromEntries(Object.entries(plane.processes()).map(([k, pid]) => [k, cpuSeconds(pid)])), bench: cpuSeconds(process.pid) },
    };
  };
  /** Waits until Metacontroller has made no request for `quietMs` (it has caught up). */
  const quiet = async (quietMs = 3000): Promise<void> => {
    let last = -1;
    let since = now();
    await poll(async () => {
      const t = total(restRequests(await scrape(metricsUrl)));
      if (t !== last) {
        last = t;
        since = now();
      }
      return now() - since >= quietMs / 1000;
    }, 120, 500);
  };

  const demo = demoExample();
  const agent = opts.exposed === false ? { ...demo.agent, spec: { ...demo.agent.spec, agentNetwork: { ...demo.agent.spec.agentNetwork, expose: false } } } : demo.agent;
  await api.ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await api.ok('POST', `/api/v1/namespaces/${NS}/configmaps`, demo.source);
  await api.ok('POST', `${OMNIA}/namespaces/${NS}/promptpacks`, demo.pack);
  const packReady = await poll(async () => (await api.ok('GET', `${OMNIA}/namespaces/${NS}/promptpacks/${demo.pack.metadata.name}`)).status?.phase === 'Active', 180, 500);
  if (!packReady) throw new Error('the PromptPack never became Active');
  await quiet();

  const names = Array.from({ length: n }, (_, i) => `agent-${String(i).padStart(4, '0')}`);
  const deploymentSeen = new Map<string, number>();
  const availableAt = new Map<string, number>();
  const runningAt = new Map<string, number>();
  // Every distinct status each agent went through (one status write each), and
  // the sequence of the first agent's, to show what moved.
  const lastStatus = new Map<string, string>();
  let statusChanges = 0;
  const firstAgentStatuses: string[] = [];
  let packStatusWrites = 0;
  let lastPackStatus = '';
  const watches = [
    api.watch(`/apis/apps/v1/namespaces/${NS}/deployments`, (e) => {
      const name = e.object.metadata.name as string;
      if (e.type === 'DELETED') return;
      if (!deploymentSeen.has(name)) deploymentSeen.set(name, now());
      if (!availableAt.has(name) && available(e.object)) availableAt.set(name, now());
    }),
    api.watch(`${OMNIA}/namespaces/${NS}/agentruntimes`, (e) => {
      const name = e.object.metadata.name as string;
      if (e.type === 'DELETED') return;
      if (!runningAt.has(name) && e.object.status?.phase === 'Running') runningAt.set(name, now());
      const { observedGeneration: _g, ...status } = e.object.status ?? {};
      const text = JSON.stringify(status);
      if (runningAt.size < n && Object.keys(status).length > 0 && lastStatus.get(name) !== text) {
        statusChanges++;
        if (name === names[0]) firstAgentStatuses.push(summary(status));
      }
      lastStatus.set(name, text);
    }),
    // Each status write of the pack is an update of an object every agent relates to:
    // Metacontroller resyncs every agent of the pack on it.
    api.watch(`${OMNIA}/namespaces/${NS}/promptpacks`, (e) => {
      if (e.type === 'DELETED' || runningAt.size >= n || runningAt.size + deploymentSeen.size === 0) return;
      const text = JSON.stringify(e.object.status ?? {});
      if (text !== lastPackStatus) packStatusWrites++;
      lastPackStatus = text;
    }),
  ];

  // Metacontroller's own background (API discovery every --discovery-interval,
  // informer relists): subtracted from the per-agent figures.
  const b0 = await snapshot();
  await sleep(10_000);
  const b1 = await snapshot();
  const backgroundPerSecond = total(delta(b1.requests, b0.requests)) / (b1.at - b0.at);

  const loadBefore = loadavg();
  const s0 = await snapshot();
  log(`creating ${n} agents`);
  await inParallel(names, 16, (name) =>
    api.ok('POST', `${OMNIA}/namespaces/${NS}/agentruntimes`, { ...agent, metadata: { name } }),
  );
  const createSeconds = now() - s0.at;
  const allDeployments = await poll(() => deploymentSeen.size >= n, capSeconds);
  const allDeploymentsSeconds = allDeployments ? Math.max(...deploymentSeen.values()) - s0.at : undefined;
  log(`deployments: ${deploymentSeen.size}/${n}${allDeploymentsSeconds ? ` after ${allDeploymentsSeconds.toFixed(1)} s` : ''}`);
  const allRunning = await poll(() => runningAt.size >= n, capSeconds - (now() - s0.at));
  const allRunningSeconds = allRunning ? Math.max(...runningAt.values()) - s0.at : undefined;
  log(`running: ${runningAt.size}/${n}${allRunningSeconds ? ` after ${allRunningSeconds.toFixed(1)} s` : ''}`);
  const loadAtRunning = loadavg();
  const lags = names
    .filter((a) => availableAt.has(a) && runningAt.has(a))
    .map((a) => Math.max(0, runningAt.get(a)! - availableAt.get(a)!))
    .sort((a, b) => a - b);
  await quiet();
  const s1 = await snapshot();
  const memAtRunning = { metacontroller: memoryMiB(pids.metacontroller).rss, hooks: memoryMiB(pids.hooks).rss };

  // An idle resync: every agent synced once with nothing changed (an annotation
  // on the parent triggers the sync; the bench's own PATCHes are not
  // Metacontroller's and are not counted).
  log('touching every agent (idle resync)');
  await inParallel(names, 16, (name) =>
    api.ok('PATCH', `${OMNIA}/namespaces/${NS}/agentruntimes/${name}`, { metadata: { annotations: { 'bench.omnia/touch': '1' } } }, 'application/merge-patch+json'),
  );
  await poll(async () => syncCalls(await scrape(metricsUrl)) - s1.hookCalls >= n, 120, 250);
  await quiet();
  const s2 = await snapshot();

  log(`deleting ${n} agents`);
  const t3 = now();
  if (opts.deleteEach) {
    // One DELETE per agent, 16 at a time (a gone one is fine).
    await inParallel(names, 16, async (name) => {
      const res = await api.send('DELETE', `${OMNIA}/namespaces/${NS}/agentruntimes/${name}`);
      if (res.status >= 300 && res.status !== 404) throw new Error(`DELETE ${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    });
  } else {
    await api.ok('DELETE', `${OMNIA}/namespaces/${NS}/agentruntimes`);
  }
  // Every agent has its deletionTimestamp from here on: the rest is the controllers'.
  const deletesSentSeconds = now() - t3;
  const agentObjectsGone = async (): Promise<boolean> => {
    const empty = await Promise.all([
      api.empty(`${OMNIA}/namespaces/${NS}/agentruntimes`),
      api.empty(`/apis/apps/v1/namespaces/${NS}/deployments`),
      api.empty(`/api/v1/namespaces/${NS}/services`),
      // The agents' ConfigMaps (the PromptPack's own stay with the pack).
      api.empty(`/api/v1/namespaces/${NS}/configmaps?labelSelector=omnia.altairalabs.ai%2Fcomponent%3Dagent`),
    ]);
    return empty.every(Boolean);
  };
  const gone = await poll(agentObjectsGone, capSeconds, 500);
  const allDeletedSeconds = gone ? now() - t3 : undefined;
  log(`agents and their children ${gone ? `gone after ${allDeletedSeconds!.toFixed(1)} s` : `still there after ${capSeconds} s`}`);
  const podsGone = await poll(
    async () => (await api.empty(`/apis/apps/v1/namespaces/${NS}/replicasets`)) && (await api.empty(`/api/v1/namespaces/${NS}/pods`)),
    Math.max(30, capSeconds - (now() - t3)),
    500,
  );
  const podsGoneSeconds = podsGone ? now() - t3 : undefined;
  await quiet();
  const s3 = await snapshot();
  for (const w of watches) w.stop();
  api.close();

  const per = (d: Record<string, number>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, round(v / n)]));
  const reqs = (a: Snapshot, b: Snapshot) => delta(b.requests, a.requests);
  const mem = (pid: number) => memoryMiB(pid);
  const processFigures = (p: 'metacontroller' | 'hooks') => ({
    cpuCreate: round(s1.cpu[p] - s0.cpu[p]),
    cpuIdle: round(s2.cpu[p] - s1.cpu[p]),
    cpuDelete: round(s3.cpu[p] - s2.cpu[p]),
    rssAtRunningMiB: round(memAtRunning[p]),
    peakMiB: round(mem(pids[p]!).peak),
  });
  const net = (a: Snapshot, b: Snapshot) => round(Math.max(0, total(reqs(a, b)) - backgroundPerSecond * (b.at - a.at)) / n);
  return {
    agents: n,
    loadBefore,
    loadAtRunning,
    createSeconds: round(createSeconds),
    allDeploymentsSeconds: allDeploymentsSeconds === undefined ? undefined : round(allDeploymentsSeconds),
    allRunningSeconds: allRunningSeconds === undefined ? undefined : round(allRunningSeconds),
    deploymentsSeen: deploymentSeen.size,
    deletedBy: opts.deleteEach ? 'a DELETE per agent, 16 at a time' : 'one DELETE of the collection',
    running: runningAt.size,
    statusesPerAgent: round(statusChanges / n),
    packStatusWrites,
    firstAgentStatuses,
    statusLagSeconds: { p50: opt(quantile(lags, 0.5)), p95: opt(quantile(lags, 0.95)), max: opt(lags.at(-1)), samples: lags.length },
    deletesSentSeconds: round(deletesSentSeconds),
    allDeletedSeconds: allDeletedSeconds === undefined ? undefined : round(allDeletedSeconds),
    podsGoneSeconds: podsGoneSeconds === undefined ? undefined : round(podsGoneSeconds),
    backgroundPerSecond: round(backgroundPerSecond),
    perAgent: {
      createToRunning: { requests: per(reqs(s0, s1)), total: round(total(reqs(s0, s1)) / n), net: net(s0, s1), syncCalls: round((s1.hookCalls - s0.hookCalls) / n) },
      idleResync: { requests: per(reqs(s1, s2)), total: round(total(reqs(s1, s2)) / n), net: net(s1, s2), syncCalls: round((s2.hookCalls - s1.hookCalls) / n) },
      delete: { requests: per(reqs(s2, s3)), total: round(total(reqs(s2, s3)) / n), net: net(s2, s3) },
    },
    metacontroller: processFigures('metacontroller'),
    apiserverCreateToRunning: top(delta(s1.apiserver, s0.apiserver), 15),
    phases: { createToRunning: phaseLoad(s0, s1), idleResync: phaseLoad(s1, s2), delete: phaseLoad(s2, s3) },
    hooks: processFigures('hooks'),
  };
}

function phaseLoad(a: Snapshot, b: Snapshot): PhaseLoad {
  const waits = b.queue.waits - a.queue.waits;
  const works = b.queue.works - a.queue.works;
  return {
    syncs: works,
    latencyMs: meanLatencies(b.latency, a.latency, 15),
    meanWaitMs: waits > 0 ? round(((b.queue.waitSeconds - a.queue.waitSeconds) / waits) * 1000) : 0,
    meanWorkMs: works > 0 ? round(((b.queue.workSeconds - a.queue.workSeconds) / works) * 1000) : 0,
    meanHookMs: b.queue.hookCalls > a.queue.hookCalls ? round(((b.queue.hookSeconds - a.queue.hookSeconds) / (b.queue.hookCalls - a.queue.hookCalls)) * 1000) : 0,
    machineBusy: round((b.machine.busy - a.machine.busy) / Math.max(1, b.machine.all - a.machine.all)),
    cpu: Object.fromEntries(Object.keys(b.processes).map((k) => [k, round(b.processes[k]! - (a.processes[k] ?? 0))])),
  };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

function opt(v: number | undefined): number | undefined {
  return v === undefined ? undefined : round(v);
}

/** phase, then each condition that is not True as type=reason: message. */
function summary(status: Json): string {
  const pending = (status.conditions ?? []).filter((c: Json) => c.status !== 'True').map((c: Json) => `${c.type}=${c.reason}: ${c.message}`);
  return `${status.phase} r=${JSON.stringify(status.replicas ?? {})} ${pending.join(' | ')}`;
}
