// Property 2 of issue 16: for every kind, the same input answers the same bytes.

import { describe, it } from 'vitest';
import fc from 'fast-check';
import { checkSameBytes, replayCorpus } from './checks.js';
import { KINDS, plausible, plausibleRequest, RUN } from './support.js';

describe('property 2: same input → same bytes', () => {
  replayCorpus(['same-bytes']);

  for (const kind of KINDS) {
    it(`${kind}: two answers to one random request are byte-identical`, () => {
      fc.assert(
        fc.property(plausible(kind), (drawn) => checkSameBytes(kind, plausibleRequest(kind, drawn))),
        RUN,
      );
    });
  }
});
