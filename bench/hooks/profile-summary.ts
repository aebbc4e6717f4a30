// Self time by function from a V8 .cpuprofile (node --cpu-prof), largest
// first, with the share of sampled time: where a benchmark really spends it.
//   node --import tsx bench/hooks/profile-summary.ts FILE.cpuprofile... [top=25]
// Several files (node --import tsx also profiles its loader thread) are
// summarised one after the other.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const files = args.filter((a) => a.endsWith('.cpuprofile'));
const topArg = args.find((a) => /^\d+$/.test(a)) ?? '25';
if (files.length === 0) {
  console.error('usage: profile-summary.ts FILE.cpuprofile... [top]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '../..');
for (const file of files) summarise(file);

function summarise(file: string): void {
  console.log(`== ${relative(root, resolve(file))}`);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const label = new Map<number, string>();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url ? `${relative(root, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
    label.set(n.id, `${functionName || '(anonymous)'} ${where}`.trim());
  }
  // Each sample's time is the delta to the next one; attribute it to the leaf.
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const name = label.get(id) ?? String(id);
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  const busy = total - (self.get('(idle)') ?? 0);
  console.log(`sampled ${(total / 1e3).toFixed(0)} ms, busy ${(busy / 1e3).toFixed(0)} ms`);
  for (const [name, us] of [...self.entries()].filter(([n]) => n !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) {
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${name}`);
  }
}
