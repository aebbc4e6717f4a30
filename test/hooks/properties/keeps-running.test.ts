// Property 4 of issue 16: any mutation of the spec or the related objects never
// drops a child that is running. From a valid request whose answer has
// children, the children are fed back as observed; after random mutations the
// answer still holds every observed child the intact request keeps (kind +
// name), or the hook refuses the request (4xx: nothing applied, nothing deleted).
// Any other throw is a 500 and fails too.

import { describe, it } from 'vitest';
import fc from 'fast-check';
import { HookRequestError, type HookKind } from '../../../src/hooks/types.js';
import { checkKeeps, keptByIntact, replayCorpus } from './checks.js';
import { answer, feedBack, KINDS, mutate, mutation, RUN, seeds, type Request } from './support.js';

interface Start {
  fed: Request;
  kept: string[];
}

/** Each seed's answer fed back, with the observed children the intact request keeps. */
function starts(kind: HookKind): Map<string, Start> {
  const out = new Map<string, Start>();
  for (const s of seeds(kind)) {
    const a = answer(kind, structuredClone(s.request));
    if (a instanceof HookRequestError) continue;
    const fed = feedBack(kind, s.request, a);
    out.set(s.name, { fed, kept: keptByIntact(kind, fed) });
  }
  return out;
}

/** The mutations a running child may legitimately not survive. */
function excluded(kind: HookKind, path: string): boolean {
  if (kind !== 'promptpack') return false;
  // Not a defect: a version ConfigMap kept for an AgentRuntime's pin is only needed while that
  // agent pins it, so changing or deleting a related AgentRuntime may release it. (An agent whose
  // spec becomes unreadable releases it too although its pods may still mount it: reported, not
  // one of the items; the API server's CRD validation refuses such a spec.)
  return path.startsWith('related[AgentRuntime.');
}

describe('property 4: a mutation never drops a running child', () => {
  replayCorpus(['keeps']);

  for (const kind of KINDS) {
    const byName = starts(kind);
    it(`${kind}: random mutations of a settled request keep its running children`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...byName.keys()), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, mutations) => {
          const start = byName.get(seed)!;
          const changed: Request = structuredClone(start.fed);
          const done = mutations.map((m) => mutate(kind, changed, m, (path) => !excluded(kind, path)));
          checkKeeps(kind, changed, start.kept, `${seed}: ${done.join('; ')}`);
        }),
        RUN,
      );
    });
  }
});
