// The hook's own work, counted in instructions: parse + AgentRuntime sync +
// canonical JSON, `ITERATIONS` times, on the create and steady requests of
// bench/hooks/scenarios.ts, with the compiled code of one tree ($TREE/dist).
// callgrind.sh runs it under `valgrind --tool=callgrind` with 0 and with N
// iterations for each tree: the difference ÷ N is the instructions per sync,
// a figure machine load does not move.
// With `floor` as third argument it does the in-process JSON floor instead
// (JSON.parse of the same request + JSON.stringify of the same response), the
// hook benchmark's baseline (bench/hooks/instructions.sh).
//   TREE=<tree> node --import tsx bench/ab/pure.ts <create|steady> <iterations> [floor]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequest, steadyRequest, type Child } from '../hooks/scenarios.js';

const tree = process.env.TREE;
if (!tree) throw new Error('set TREE=<tree with a built dist/>');
const [scenario, iterationsArg, mode] = process.argv.slice(2);
const iterations = Number(iterationsArg ?? 0);
const dist = join(tree, 'dist');
const { defaultRegistry } = (await import(pathToFileURL(join(dist, 'hooks/registry.js')).href)) as typeof import('../../src/hooks/registry.js');
const { canonicalJson } = (await import(pathToFileURL(join(dist, 'shared/canonical-json.js')).href)) as typeof import('../../src/shared/canonical-json.js');
const sync = defaultRegistry.agentruntime.hooks.sync;
if (!sync) throw new Error('no agentruntime sync hook');
const now = new Date('2026-01-01T00:00:00Z');

const createText = JSON.stringify(createRequest());
const text =
  scenario === 'steady'
    ? JSON.stringify(steadyRequest(JSON.parse(canonicalJson(sync(JSON.parse(createText), now))) as { status: unknown; children: Child[] }))
    : createText;
let sink = 0;
const response = mode === 'floor' ? sync(JSON.parse(text), now) : undefined;
if (mode === 'floor') for (let i = 0; i < iterations; i++) sink += (JSON.parse(text) as object) === response ? 0 : JSON.stringify(response).length;
else for (let i = 0; i < iterations; i++) sink += canonicalJson(sync(JSON.parse(text), now)).length;
if (iterations > 0 && sink === 0) throw new Error('empty answers');
