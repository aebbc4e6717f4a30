// Profiler driver for the pure sync path (parse → sync → canonical bytes), the
// same work floor.ts measures as "pure", run long enough for a CPU profile:
//   node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/hooks/profile.ts [create|steady] [iterations]
//   node --import tsx bench/hooks/profile-summary.ts DIR/*.cpuprofile
// It runs the compiled code in dist/ (npm run build first), as the server does.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequest, steadyRequest, type Child } from './scenarios.js';

const [scenario = 'create', iterationsArg = '20000'] = process.argv.slice(2);
const dist = join(resolve(import.meta.dirname, '../..'), 'dist');
const { defaultRegistry } = (await import(pathToFileURL(join(dist, 'hooks/registry.js')).href)) as typeof import('../../src/hooks/registry.js');
const { serialize } = (await import(pathToFileURL(join(dist, 'hooks/server/serialize.js')).href)) as typeof import('../../src/hooks/server/serialize.js');
const sync = defaultRegistry.agentruntime.hooks.sync;
if (!sync) throw new Error('no agentruntime sync hook');
const now = new Date('2026-01-01T12:00:00Z');

let request = createRequest();
if (scenario === 'steady') request = steadyRequest(sync(request, now) as unknown as { status: unknown; children: Child[] });
const bytes = Buffer.from(JSON.stringify(request));

let sink = 0;
const start = process.hrtime.bigint();
const iterations = Number(iterationsArg);
for (let i = 0; i < iterations; i++) sink += serialize(sync(JSON.parse(bytes.toString('utf8')), now)).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ scenario, iterations, opsPerSecond: Math.round(iterations / seconds), sink: sink > 0 }));
