// `omnia render <files…>`: the controllers' answer for a set of manifests,
// offline (src/render/render.ts), printed as a YAML stream or a JSON List:
// each subject with its status, followed by its children. Secret values are
// never printed. Exit 1 with the reasons when a status says the object fails.

import { stringify } from 'yaml';
import type { KubeObject } from '../hooks/metacontroller.js';
import { maskText, redact, secretValues } from '../render/redact.js';
import { render } from '../render/render.js';
import { readObjects } from './inputs.js';

export interface RenderOptions {
  output: 'yaml' | 'json';
  /** RFC 3339 time the hooks see (conditions' lastTransitionTime); default now. */
  now?: string;
}

/** The subject as printed: identity and status; the uid and resourceVersion render made up are left out. */
function printable(o: KubeObject): KubeObject {
  const { name, namespace, labels, annotations } = o.metadata;
  const metadata = { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
  return { apiVersion: o.apiVersion, kind: o.kind, metadata, status: o.status ?? {} };
}

export function runRender(files: string[], opts: RenderOptions): number {
  const now = opts.now ? new Date(opts.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now: not an RFC 3339 time: ${opts.now}`);
  const objects = readObjects(files).map((s) => s.object);
  const result = render(objects, now);
  const secrets = secretValues(objects);
  const out = result.rendered.flatMap((r) => [printable(r.object), ...r.children]).map((o) => redact(o, secrets));
  process.stdout.write(
    opts.output === 'json'
      ? `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: out }, null, 2)}\n`
      : out.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join(''),
  );
  for (const f of result.failures) process.stderr.write(`omnia render: ${maskText(f, secrets)}\n`);
  return result.failures.length > 0 ? 1 : 0;
}
