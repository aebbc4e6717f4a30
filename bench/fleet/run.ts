// The fleet benchmark (issue 19): on a throw-away control plane
// (test/cluster/support/control-plane.ts: etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler, kwok with 4 fake nodes, Metacontroller,
// our hook server from dist/), one wave of agents per Metacontroller
// configuration, each on a fresh control plane: the stock flags and ours
// (manifests/metacontroller/fleet-tuning.yaml), then a bigger wave with ours.
//
//   npx tsc -p tsconfig.build.json && npx tsx bench/fleet/run.ts
//   npx tsx bench/fleet/run.ts --agents 200 --big 1000 --order ours,stock --cap 900
//   npx tsx bench/fleet/run.ts --big 0 --order ours,custom --flags '--workers=20 …'
//   npx tsx bench/fleet/run.ts --big 0 --order ours --expose false   (agents without a Service)
//
// Results: printed, and written to .tmp/fleet/<time>.json; bench/fleet.md holds
// the measured figures.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../test/cluster/support/binaries.js';
import { startControlPlane } from '../../test/cluster/support/control-plane.js';
import { runWave, type WaveResult } from './wave.js';

type Config = 'stock' | 'ours' | 'custom';

/** The flags manifests/metacontroller/ adds to Metacontroller's args (stated once, in its patch). */
export function fleetFlags(): string[] {
  const ops = parse(readFileSync(join(REPO_ROOT, 'manifests/metacontroller/fleet-tuning.yaml'), 'utf8')) as { path: string; value: unknown }[];
  return ops.filter((op) => op.path.endsWith('/args/-') && typeof op.value === 'string').map((op) => op.value as string);
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const agents = Number(arg('agents', '200'));
const big = Number(arg('big', '1000'));
const order = arg('order', 'ours,stock').split(',') as Config[];
const cap = Number(arg('cap', '900'));
const nodes = Number(arg('nodes', '4'));
// --flags "…": a third configuration, `custom`, to try other values than the patch's (with --order custom,…).
const customFlags = arg('flags', '').split(/\s+/).filter(Boolean);
// --delete collection: one DELETE of the collection instead of one per agent (wave.ts, deleteEach).
const deleteBy = arg('delete', 'each');
// --expose false: the agents have no Service (agentNetwork.expose: false; wave.ts, exposed).
const exposed = arg('expose', 'true') !== 'false';

const log = (line: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function wave(config: Config, n: number): Promise<WaveResult & { config: Config; flags: string[]; exposed: boolean }> {
  const flags = config === 'ours' ? fleetFlags() : config === 'custom' ? customFlags : [];
  log(`== ${config} (${flags.join(' ') || 'Metacontroller defaults'}), ${n} agents: starting a control plane with ${nodes} kwok nodes`);
  // direct: Metacontroller calls the hook server itself, as installed, not through the tests' recording proxy.
  const plane = await startControlPlane({ kwok: true, nodes, metacontrollerArgs: flags, direct: true });
  try {
    const result = await runWave(plane, { agents: n, capSeconds: cap, deleteEach: deleteBy === 'each', exposed, log: (l) => log(`${config}/${n}: ${l}`) });
    log(`${config}/${n}: ${JSON.stringify(result)}`);
    return { config, flags, exposed, ...result };
  } finally {
    await plane.stop();
  }
}

const results = [];
const started = new Date().toISOString();
if (agents > 0) for (const config of order) results.push(await wave(config, agents));
if (big > 0) results.push(await wave('ours', big));

const out = {
  started,
  finished: new Date().toISOString(),
  machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAtEnd: loadavg() },
  nodes,
  results,
};
const dir = join(REPO_ROOT, '.tmp', 'fleet');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${started.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
log(`written to ${file}`);
