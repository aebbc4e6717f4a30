// The answers the issue asks for where no child is at stake: a request the hook
// cannot answer for is refused (4xx, nothing applied), and a spec it cannot use
// is reported in the status, never a 500 and never a silent Ready (issue 16
// items 5, 6, 7). The corpus first, then every kind posted a subject of every
// other kind.

import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { HookKind } from '../../../src/hooks/types.js';
import { replayCorpus } from './checks.js';
import { answer, KINDS, RUN, seeds, subjectOf } from './support.js';
import { HookRequestError } from '../../../src/hooks/types.js';

const KIND_OF: Record<HookKind, string> = {
  agentruntime: 'AgentRuntime',
  promptpack: 'PromptPack',
  provider: 'Provider',
  toolregistry: 'ToolRegistry',
  agentruntimeconfiguration: 'AgentRuntimeConfiguration',
  aigateway: 'AiGateway',
  toolgateway: 'ToolGateway',
  agentgateway: 'AgentGateway',
  toolserver: 'ToolServer',
  agenticworkforce: 'AgenticWorkforce',
};

describe('refused or reported, never a 500 nor a silent Ready', () => {
  replayCorpus(['rejects', 'reports-invalid']);

  for (const kind of KINDS) {
    it(`${kind}: a subject of another kind → 4xx`, () => {
      const others = KINDS.filter((k) => k !== kind).flatMap((k) => seeds(k).map((s) => structuredClone(subjectOf(k, s.request))));
      fc.assert(
        fc.property(fc.constantFrom(...seeds(kind)), fc.constantFrom(...others), (seed, other) => {
          const req = structuredClone(seed.request);
          const field = 'parent' in req ? 'parent' : 'object';
          req[field] = other;
          if (other.kind === KIND_OF[kind]) return;
          if (!(answer(kind, req) instanceof HookRequestError)) throw new Error(`${seed.name}: a ${other.kind} got a 200`);
        }),
        RUN,
      );
    });
  }
});
