// docs/env.md's variable tables, rendered from the declarations in
// src/contract/pod-env.ts (env-doc.test.ts holds the doc to them; print them
// with `npx tsx test/contract/env-table.ts` after changing a declaration).

import { envFor, type EnvVar } from '../../src/contract/pod-env.js';

function row(v: EnvVar<unknown>): string {
  const def = v.docDefault ?? (v.default === undefined ? '—' : `\`${v.default}\``);
  return `| \`${v.name}\` | ${v.description} | ${def} |\n`;
}

export function envTable(container: 'facade' | 'runtime' | 'cli'): string {
  return `| variable | meaning | default |\n|---|---|---|\n${envFor(container).map(row).join('')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const c of ['facade', 'runtime', 'cli'] as const) process.stdout.write(`${c}:\n${envTable(c)}\n`);
}
