// `omnia validate <files…>`: each custom resource admitted offline against the
// package's CRDs (schema, defaults, CEL rules; src/crds/validate.ts), reported
// as `kubectl apply` would. Exit 1 when any object would be refused.

import { admit, refusal } from '../crds/validate.js';
import { readObjects } from './inputs.js';

export function runValidate(files: string[]): number {
  let refused = 0;
  for (const { source, object } of readObjects(files)) {
    const id = `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name ?? ''}`;
    const result = admit(object);
    for (const w of result.warnings) process.stderr.write(`${source}: ${id}: Warning: ${w}\n`);
    if (!result.checked) process.stdout.write(`${source}: ${id}: skipped (not an omnia custom resource)\n`);
    else if (result.errors.length === 0) process.stdout.write(`${source}: ${id}: valid\n`);
    else {
      refused++;
      process.stdout.write(`${source}: ${refusal(object, result.errors)}\n`);
    }
  }
  return refused > 0 ? 1 : 0;
}
