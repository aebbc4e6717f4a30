// PromptPacks on the real cluster, against the Deployment controller and the
// garbage collector the unit tests only simulate: an update rolls the agents
// exactly once (counted in ReplicaSets), a canary walks its weights to promotion
// with a canary Deployment beside the stable one, a content change without a
// version bump is refused and rolls nothing (issue 17 item 2), and deleting a
// PromptPack leaves its agents able to start new pods (issue 17 item 1).
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, condition, get, kubectl, namespace, waitFor, type Json } from './support/cluster.js';
import { agent, missingConfigMaps, mockProvider, mountedConfigMaps, packSource, promptPack, replicaSetsOf, rolledOut } from './support/objects.js';

const NS = 'packs';

const pack = (name: string): Promise<Json> => get('promptpack', name, NS);
const deployment = (name: string): Promise<Json> => get('deployment', name, NS);

async function running(agentName: string): Promise<Json> {
  await waitFor(`agent ${agentName} Running`, async () => (await get('agentruntime', agentName, NS))?.status?.phase === 'Running', 120_000);
  return waitFor(`deployment ${agentName} rolled out`, async () => {
    const d = await deployment(agentName);
    return rolledOut(d) ? d : undefined;
  }, 120_000);
}

/** The version ConfigMap a pod template mounts for the pack (`<pack>-v…`). */
const mountedVersion = (d: Json, packName: string): string | undefined => mountedConfigMaps(d.spec.template).find((n) => n.startsWith(`${packName}-v`));

describe('PromptPacks on a real cluster', () => {
  beforeAll(async () => {
    await namespace(NS);
    await apply([mockProvider('mock')], NS);
  });

  it('an update to a new version (source and spec.version in one apply) rolls the agent once: two ReplicaSets', async () => {
    await apply([packSource('roll', '1.0.0', 'Version one.'), promptPack('roll', '1.0.0'), agent('roll-agent', 'roll', 'mock')], NS);
    const before = await running('roll-agent');
    expect(mountedVersion(before, 'roll')).toBe('roll-v1-0-0');
    expect(await replicaSetsOf('roll-agent', NS)).toHaveLength(1);

    // As a user edits both files and runs kubectl apply once: the ConfigMap lands first.
    await apply([packSource('roll', '1.1.0', 'Version two.'), promptPack('roll', '1.1.0')], NS);
    const after = await waitFor('agent on roll-v1-1-0, rolled out', async () => {
      const d = await deployment('roll-agent');
      return d && mountedVersion(d, 'roll') === 'roll-v1-1-0' && rolledOut(d) ? d : undefined;
    }, 120_000);
    expect((await pack('roll')).status.activeVersion).toBe('1.1.0');
    const replicaSets = await replicaSetsOf('roll-agent', NS);
    expect(replicaSets.map((rs: Json) => rs.metadata.annotations['deployment.kubernetes.io/revision']).sort()).toEqual(['1', '2']);
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
  });

  it('a content change without a version bump is refused in the status; the served version and the agent stay as they were', async () => {
    await apply([packSource('fixed', '1.0.0', 'Reviewed text.'), promptPack('fixed', '1.0.0'), agent('fixed-agent', 'fixed', 'mock')], NS);
    const before = await running('fixed-agent');
    const served = await get('configmap', 'fixed-v1-0-0', NS);
    const hash = (await pack('fixed')).status.active.contentHash;

    await apply([packSource('fixed', '1.0.0', 'Unreviewed text.')], NS);
    const refused = await waitFor('SourceValid False on fixed', async () => {
      const p = await pack('fixed');
      return condition(p, 'SourceValid')?.status === 'False' ? p : undefined;
    });
    expect(condition(refused, 'SourceValid').reason).toBe('ContentChangedWithoutVersionBump');
    expect(refused.status.active.contentHash).toBe(hash);
    expect((await get('configmap', 'fixed-v1-0-0', NS)).data).toEqual(served.data);
    const now = await deployment('fixed-agent');
    expect(now.metadata.generation).toBe(before.metadata.generation);
    expect(now.spec.template).toEqual(before.spec.template);
    expect(await replicaSetsOf('fixed-agent', NS)).toHaveLength(1);
  });

  it('a canary walks 20 → 60 → promoted; the stable agent gets a canary Deployment meanwhile, the preview agent runs the candidate', async () => {
    const rollout = { type: 'canary', canary: { weight: 20, stepWeight: 40, interval: '6s' } };
    await apply([
      packSource('walk', '1.0.0', 'Stable.'),
      promptPack('walk', '1.0.0', rollout),
      agent('walk-stable', 'walk', 'mock', { runtime: { replicas: 5 } }),
      agent('walk-preview', 'walk', 'mock', { promptPackRef: { track: 'canary' } }),
    ], NS);
    await running('walk-stable');
    await running('walk-preview');

    await apply([packSource('walk', '2.0.0', 'Candidate.'), promptPack('walk', '2.0.0', rollout)], NS);
    const weights: number[] = [];
    let sawCanaryDeployment = false;
    let previewOnCandidate = false;
    await waitFor('walk promoted to 2.0.0', async () => {
      const p = await pack('walk');
      const w = p?.status?.canary?.weight;
      if (typeof w === 'number' && weights.at(-1) !== w) weights.push(w);
      const canary = await deployment('walk-stable-canary');
      if (canary && mountedVersion(canary, 'walk') === 'walk-v2-0-0') sawCanaryDeployment = true;
      const preview = await deployment('walk-preview');
      if (preview && mountedVersion(preview, 'walk') === 'walk-v2-0-0') previewOnCandidate = true;
      return p?.status?.phase === 'Active' && p.status.activeVersion === '2.0.0';
    }, 120_000);
    expect(weights).toEqual([20, 60]);
    expect(sawCanaryDeployment).toBe(true);
    expect(previewOnCandidate).toBe(true);
    // Promoted: the stable Deployment runs 2.0.0 and the canary Deployment is gone.
    await waitFor('walk-stable on 2.0.0 and no canary Deployment', async () => {
      const d = await deployment('walk-stable');
      return mountedVersion(d, 'walk') === 'walk-v2-0-0' && rolledOut(d) && (await deployment('walk-stable-canary')) === undefined;
    }, 120_000);
  });

  it('deleting a PromptPack keeps its agent, and a new pod of the agent finds every ConfigMap it mounts', async () => {
    await apply([packSource('gone', '1.0.0', 'Soon deleted.'), promptPack('gone', '1.0.0'), agent('gone-agent', 'gone', 'mock')], NS);
    await running('gone-agent');
    const uid = (await pack('gone')).metadata.uid;

    await kubectl(['delete', 'promptpack', 'gone', '-n', NS, '--wait=false']);
    // Wait for the garbage collector to finish with the pack's dependents (deleted
    // or released), unless the pack is kept by a finalizer while agents use it.
    await waitFor('the PromptPack gone (or held) and its dependents collected', async () => {
      const p = await pack('gone');
      if (p && !p.metadata.deletionTimestamp) return false;
      if (p) return true;
      const owned = JSON.parse((await kubectl(['get', 'configmaps', '-n', NS, '-o', 'json'])).stdout).items.filter((c: Json) =>
        (c.metadata.ownerReferences ?? []).some((r: Json) => r.uid === uid),
      );
      return owned.length === 0;
    }, 60_000);

    const d = await deployment('gone-agent');
    expect(d, 'the agent Deployment is kept').toBeDefined();
    const mounts = mountedConfigMaps(d.spec.template);
    expect(mounts.length).toBeGreaterThan(0);
    expect(await missingConfigMaps(mounts, NS)).toEqual([]);

    // A restart: the next pod needs the same ConfigMaps (kwok would start it regardless, so check them).
    await kubectl(['delete', 'pods', '-n', NS, '-l', 'app.kubernetes.io/instance=gone-agent', '--wait=false']);
    const next = await waitFor('gone-agent rolled out again', async () => {
      const now = await deployment('gone-agent');
      return rolledOut(now) ? now : undefined;
    }, 120_000);
    expect(await missingConfigMaps(mountedConfigMaps(next.spec.template), NS)).toEqual([]);
  });
});
