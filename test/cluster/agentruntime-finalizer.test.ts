// manifests/admission/agentruntime-finalizer.yaml on the real API server: a new
// AgentRuntime is stored with Metacontroller's finalizer already on it (so its
// first sync needs no GET and PUT to add it), a finalizer of the user's own is
// kept beside it, and the finalize hook still lets the agent go.
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, get, kubectl, namespace, waitFor, type Json } from './support/cluster.js';

const NS = 'finalizer-at-create';
const FINALIZER = 'metacontroller.io/compositecontroller-omnia-agentruntime';
const agent = (name: string, finalizers?: string[]) => ({
  apiVersion: 'omnia.altairalabs.ai/v1alpha1',
  kind: 'AgentRuntime',
  metadata: { name, ...(finalizers ? { finalizers } : {}) },
  spec: { promptPackRef: { name: 'absent' }, facade: { handler: 'echo' } },
});

/** The agent as the API server answers its creation (`dryRun`: admitted, not stored). */
async function create(object: object, dryRun: boolean): Promise<Json> {
  const r = await kubectl(['create', ...(dryRun ? ['--dry-run=server'] : []), '-o', 'json', '-n', NS, '-f', '-'], { input: JSON.stringify(object) });
  return JSON.parse(r.stdout);
}

describe('the AgentRuntime finalizer at admission (real API server)', () => {
  beforeAll(async () => {
    await namespace(NS);
  });

  it('stores a new agent with the finalizer, added by the policy before Metacontroller sees it', async () => {
    // The policy is compiled in the background after install: a server-side dry run shows when it acts.
    const dry = await waitFor('the policy to add the finalizer', async () => {
      const obj = await create(agent('dry'), true);
      return obj.metadata.finalizers?.includes(FINALIZER) ? obj : undefined;
    });
    expect(dry.metadata.finalizers).toEqual([FINALIZER]);
    // What the API server stores and answers the create with.
    const created = await create(agent('plain'), false);
    expect(created.metadata.finalizers).toEqual([FINALIZER]);
  });

  it("keeps the user's own finalizer and does not add ours twice", async () => {
    const mine = await create(agent('mine', ['example.com/keep']), true);
    expect(mine.metadata.finalizers).toEqual(['example.com/keep', FINALIZER]);
    const both = await create(agent('both', [FINALIZER]), true);
    expect(both.metadata.finalizers).toEqual([FINALIZER]);
  });

  it('lets a deleted agent go: the finalize hook removes the finalizer', async () => {
    await apply([agent('goes')], NS);
    await waitFor('Metacontroller to sync the agent', async () => (await get('agentruntime', 'goes', NS))?.status?.phase);
    await kubectl(['delete', 'agentruntime', 'goes', '-n', NS, '--wait=false']);
    await waitFor('the agent to be gone', async () => (await get('agentruntime', 'goes', NS)) === undefined);
  });
});
