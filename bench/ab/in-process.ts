// The AgentRuntime sync of two builds inside one process: both trees' compiled
// `sync` (A=$A/dist, B=$B/dist) loaded side by side, 2 000 syncs (parse + sync
// + canonical JSON) a round, rounds alternated A/B and B/A, CPU time per sync.
// One process means one heap, one JIT and no loopback: what is left to differ
// is the code.
//   A=<tree> B=<tree> node --import tsx bench/ab/in-process.ts [ROUNDS (12)]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequest, steadyRequest, type Child } from '../hooks/scenarios.js';
import { orderOf, report } from './stats.js';

type Sync = (request: unknown, now: Date) => unknown;
interface Build {
  sync: Sync;
  canonicalJson: (value: unknown) => string;
}

async function load(tree: string | undefined): Promise<Build> {
  if (!tree) throw new Error('set A=<tree> and B=<tree>, each with a built dist/');
  const registry = (await import(pathToFileURL(join(tree, 'dist/hooks/registry.js')).href)) as typeof import('../../src/hooks/registry.js');
  const canonical = (await import(pathToFileURL(join(tree, 'dist/shared/canonical-json.js')).href)) as typeof import('../../src/shared/canonical-json.js');
  const sync = registry.defaultRegistry.agentruntime.hooks.sync;
  if (!sync) throw new Error(`no agentruntime sync in ${tree}`);
  return { sync, canonicalJson: canonical.canonicalJson };
}

const ROUNDS = Math.max(5, Number(process.argv[2] ?? 12));
const SYNCS = 2000;
const builds = { A: await load(process.env.A), B: await load(process.env.B) };
const now = new Date('2026-01-01T00:00:00Z');
const create = JSON.stringify(createRequest());
const firstAnswer = JSON.parse(builds.B.canonicalJson(builds.B.sync(JSON.parse(create), now))) as { status: unknown; children: Child[] };
const steady = JSON.stringify(steadyRequest(firstAnswer));

for (const [scenario, text] of [['create', create], ['steady', steady]] as const) {
  const cpu = { A: [] as number[], B: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of orderOf(round)) {
      const b = builds[side];
      let sink = 0;
      const before = process.cpuUsage();
      for (let i = 0; i < SYNCS; i++) sink += b.canonicalJson(b.sync(JSON.parse(text), now)).length;
      const used = process.cpuUsage(before);
      if (sink === 0) throw new Error('empty answers');
      cpu[side].push((used.user + used.system) / SYNCS);
    }
  }
  report(`in-process sync ${scenario}`, cpu.A, cpu.B, 'CPU µs per sync (parse + sync + canonical JSON)', { syncsPerRound: SYNCS });
}
