// PromptPack sync request sizes before and after issue 16 item 17: how many
// bytes Metacontroller sends the PromptPack hook when it related every
// AgentRuntime of the namespace (before) and now that it relates only the
// Deployments labelled with the pack (after).
//
//   npx tsx bench/hooks/promptpack-fanin.ts [agentsOnPack=200] [agentsOnOthers=200] [otherPacks=10]
//
// Objects are built the way they arrive: the AgentRuntime is the spec/000
// complete example with the status its sync answers; the Deployment is that
// sync's Deployment as the API server returns it (uid, resourceVersion,
// Metacontroller's last-applied annotation, a ready status). managedFields are
// left out on both sides (Metacontroller's informers keep them, which makes
// every object larger on both sides alike). Keys are sorted, as Go sends them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hooks as agentHooks } from '../../src/hooks/agentruntime/index.js';
import type { CompositeSyncResponse, KubeObject } from '../../src/hooks/metacontroller.js';
import { sortKeys } from '../../src/shared/canonical-json.js';

const [onPack = 200, onOthers = 200, otherPacks = 10] = process.argv.slice(2).map(Number);
const ROOT = join(import.meta.dirname, '../..');
const NOW = new Date('2026-01-01T00:00:00Z');
const PACK = 'assistant-prompts';
const read = (path: string): Record<string, any> => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));

const agentRequest = read('test/fixtures/agentruntime/complete-example/request.json');
const agentAnswer = (agentHooks.sync as (r: unknown, now: Date) => CompositeSyncResponse)(agentRequest, NOW);
const packRequest = read('test/fixtures/promptpack/canary-waiting/request.json');

function agentRuntime(name: string, pack: string): KubeObject {
  const a = structuredClone(agentRequest.parent) as KubeObject;
  a.metadata = { ...a.metadata, name, uid: `uid-${name}`, resourceVersion: '4242' };
  (a.spec as { promptPackRef: { name: string } }).promptPackRef.name = pack;
  a.status = agentAnswer.status;
  return a;
}

function deployment(name: string): KubeObject {
  const desired = structuredClone(agentAnswer.children.find((c) => c.kind === 'Deployment')!);
  desired.metadata.name = name;
  const live = structuredClone(desired);
  live.metadata = {
    ...live.metadata,
    namespace: 'agents',
    uid: `uid-deploy-${name}`,
    resourceVersion: '4242',
    generation: 3,
    creationTimestamp: '2026-01-01T00:00:00Z',
    annotations: { 'deployment.kubernetes.io/revision': '3', 'metacontroller.k8s.io/last-applied-configuration': JSON.stringify(desired) },
    ownerReferences: [{ apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntime', name, uid: `uid-${name}`, controller: true, blockOwnerDeletion: true }],
  };
  const replicas = (live.spec as { replicas: number }).replicas;
  live.status = {
    availableReplicas: replicas, observedGeneration: 3, readyReplicas: replicas, replicas, updatedReplicas: replicas,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastTransitionTime: '2026-01-01T00:00:00Z', lastUpdateTime: '2026-01-01T00:00:00Z' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-5d8f7c9b6" has successfully progressed.`, lastTransitionTime: '2026-01-01T00:00:00Z', lastUpdateTime: '2026-01-01T00:00:00Z' },
    ],
  };
  return live;
}

function bytes(related: Record<string, Record<string, KubeObject>>, pack: string): number {
  const request = structuredClone(packRequest);
  request.parent.metadata.name = pack;
  request.related = { 'ConfigMap.v1': request.related['ConfigMap.v1'], ...related };
  return Buffer.byteLength(JSON.stringify(sortKeys(request)));
}

const packOf = (i: number): string => `other-pack-${i % otherPacks}`;
const all: Record<string, KubeObject> = {};
for (let i = 0; i < onPack; i++) all[`agents/agent-${i}`] = agentRuntime(`agent-${i}`, PACK);
for (let i = 0; i < onOthers; i++) all[`agents/other-${i}`] = agentRuntime(`other-${i}`, packOf(i));
const deploymentsOf = (names: string[]): Record<string, KubeObject> => Object.fromEntries(names.map((n) => [`agents/${n}`, deployment(n)]));
const mine = deploymentsOf(Array.from({ length: onPack }, (_, i) => `agent-${i}`));
const otherSize = Math.ceil(onOthers / otherPacks);
const theirs = deploymentsOf(Array.from({ length: otherSize }, (_, i) => `other-${i * otherPacks}`));

const AR = 'AgentRuntime.omnia.altairalabs.ai/v1alpha1';
const rows = [
  ['pack with the agents', bytes({ [AR]: all }, PACK), bytes({ 'Deployment.apps/v1': mine }, PACK)],
  [`each other pack (${otherSize} agents)`, bytes({ [AR]: all }, 'other-pack-0'), bytes({ 'Deployment.apps/v1': theirs }, 'other-pack-0')],
] as const;
const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
console.log(`${onPack} agents on ${PACK}, ${onOthers} on ${otherPacks} other packs, one namespace`);
console.log(`per object: AgentRuntime ${JSON.stringify(all['agents/agent-0']).length} B, Deployment ${JSON.stringify(mine['agents/agent-0']).length} B`);
for (const [what, before, after] of rows) console.log(`${what}: one sync request ${kb(before)} before, ${kb(after)} after`);
// A change to one agent on PACK resyncs every pack before (each relates it), only PACK after.
const [[, packBefore, packAfter], [, otherBefore]] = rows;
console.log(`one agent change: ${1 + otherPacks} syncs, ${kb(packBefore + otherPacks * otherBefore)} before; 1 sync, ${kb(packAfter)} after`);
console.log(`one status change on each of the ${onPack} agents of ${PACK}: ${kb(onPack * (packBefore + otherPacks * otherBefore))} before, ${kb(onPack * packAfter)} after`);
