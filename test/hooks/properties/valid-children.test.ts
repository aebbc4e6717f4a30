// Property 1 of issue 16: for every kind, random plausible parents and related
// objects → every child valid by the Kubernetes rules (names, label values) and
// schemas (test/support/k8s-validate.ts).

import { describe, it } from 'vitest';
import fc from 'fast-check';
import { checkValidChildren, replayCorpus } from './checks.js';
import { KINDS, plausible, plausibleRequest, RUN } from './support.js';

describe('property 1: every child is valid', () => {
  replayCorpus(['valid-children']);

  for (const kind of KINDS) {
    it(`${kind}: random parents and related objects → valid children`, () => {
      fc.assert(
        fc.property(plausible(kind), (drawn) => checkValidChildren(kind, plausibleRequest(kind, drawn))),
        RUN,
      );
    });
  }
});
