// PromptPack sync request sizes before and after issue 16 item 17: how many
// bytes Metacontroller sends the PromptPack hook when it related every
// AgentRuntime of the namespace (before), when it related the Deployments
// labelled with the pack (interim), and now that it relates each agent's
// Service labelled with the pack (after).
//
//   npx tsx bench/hooks/promptpack-fanin.ts [agentsOnPack=200] [agentsOnOthers=200] [otherPacks=10]
//
// Objects are built the way they arrive: the AgentRuntime is the spec/000
// complete example with the status its sync answers; the Deployment is that
// sync's Deployment and Service as the API server returns them (uid,
// resourceVersion, Metacontroller's last-applied annotation, a ready status /
// the fields the API server defaults). managedFields are
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

/** A child of the agent's sync answer as the API server returns it, without its status. */
function live(kind: string, name: string, extraAnnotations: Record<string, string>): KubeObject {
  const desired = structuredClone(agentAnswer.children.find((c) => c.kind === kind)!);
  desired.metadata.name = name;
  const object = structuredClone(desired);
  object.metadata = {
    ...object.metadata,
    namespace: 'agents',
    uid: `uid-${kind.toLowerCase()}-${name}`,
    resourceVersion: '4242',
    creationTimestamp: '2026-01-01T00:00:00Z',
    annotations: { ...object.metadata.annotations, ...extraAnnotations, 'metacontroller.k8s.io/last-applied-configuration': JSON.stringify(desired) },
    ownerReferences: [{ apiVersion: 'omnia.altairalabs.ai/v1alpha1', kind: 'AgentRuntime', name, uid: `uid-${name}`, controller: true, blockOwnerDeletion: true }],
  };
  return object;
}

function service(name: string): KubeObject {
  const s = live('Service', name, {});
  s.spec = {
    ...(s.spec as Record<string, unknown>),
    clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], internalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', sessionAffinity: 'None',
  };
  s.status = { loadBalancer: {} };
  return s;
}

function deployment(name: string): KubeObject {
  const d = live('Deployment', name, { 'deployment.kubernetes.io/revision': '3' });
  d.metadata.generation = 3;
  const replicas = (d.spec as { replicas: number }).replicas;
  d.status = {
    availableReplicas: replicas, observedGeneration: 3, readyReplicas: replicas, replicas, updatedReplicas: replicas,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastTransitionTime: '2026-01-01T00:00:00Z', lastUpdateTime: '2026-01-01T00:00:00Z' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-5d8f7c9b6" has successfully progressed.`, lastTransitionTime: '2026-01-01T00:00:00Z', lastUpdateTime: '2026-01-01T00:00:00Z' },
    ],
  };
  return d;
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
const objectsOf = (build: (name: string) => KubeObject, names: string[]): Record<string, KubeObject> =>
  Object.fromEntries(names.map((n) => [`agents/${n}`, build(n)]));
const mineNames = Array.from({ length: onPack }, (_, i) => `agent-${i}`);
const otherSize = Math.ceil(onOthers / otherPacks);
const theirNames = Array.from({ length: otherSize }, (_, i) => `other-${i * otherPacks}`);
const D = 'Deployment.apps/v1';
const S = 'Service.v1';
const mineD = objectsOf(deployment, mineNames);
const mineS = objectsOf(service, mineNames);

const AR = 'AgentRuntime.omnia.altairalabs.ai/v1alpha1';
const rows = [
  ['pack with the agents', bytes({ [AR]: all }, PACK), bytes({ [D]: mineD }, PACK), bytes({ [S]: mineS }, PACK)],
  [
    `each other pack (${otherSize} agents)`,
    bytes({ [AR]: all }, 'other-pack-0'),
    bytes({ [D]: objectsOf(deployment, theirNames) }, 'other-pack-0'),
    bytes({ [S]: objectsOf(service, theirNames) }, 'other-pack-0'),
  ],
] as const;
const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
console.log(`${onPack} agents on ${PACK}, ${onOthers} on ${otherPacks} other packs, one namespace`);
const size = (o: KubeObject | undefined): number => Buffer.byteLength(JSON.stringify(sortKeys(o)));
console.log(`per object: AgentRuntime ${size(all['agents/agent-0'])} B, Deployment ${size(mineD['agents/agent-0'])} B, Service ${size(mineS['agents/agent-0'])} B`);
for (const [what, before, interim, after] of rows) {
  console.log(`${what}: one sync request ${kb(before)} before, ${kb(interim)} relating Deployments, ${kb(after)} relating Services`);
}
// A change to one agent on PACK resyncs every pack before (each relates it), only
// PACK with Deployments; with Services only a change to the Service does (the
// agent's pack or the versions it runs), not the status churn of its pods.
const [[, packBefore, packInterim, packAfter], [, otherBefore]] = rows;
console.log(`one agent status change: ${1 + otherPacks} syncs, ${kb(packBefore + otherPacks * otherBefore)} before; 1 sync, ${kb(packInterim)} relating Deployments; none relating Services`);
console.log(`one status change on each of the ${onPack} agents of ${PACK}: ${mb(onPack * (packBefore + otherPacks * otherBefore))} before, ${mb(onPack * packInterim)} relating Deployments, 0 relating Services`);
console.log(`one pack-version change on each of the ${onPack} agents (a rollout step): ${mb(onPack * packAfter)} relating Services`);
