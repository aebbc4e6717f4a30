// Property 3 of issue 16: for every kind, the answer fed back as observed
// children (Metacontroller's last-applied annotation set) → the same children.

import { describe, it } from 'vitest';
import fc from 'fast-check';
import { checkSameChildren, replayCorpus } from './checks.js';
import { KINDS, plausible, plausibleRequest, RUN } from './support.js';

describe('property 3: the answer fed back → the same children', () => {
  replayCorpus(['same-children']);

  for (const kind of KINDS) {
    it(`${kind}: random request, answer observed → same children`, () => {
      fc.assert(
        fc.property(plausible(kind), (drawn) => checkSameChildren(kind, plausibleRequest(kind, drawn))),
        RUN,
      );
    });
  }
});
