// `omnia render`'s core, pure (time is a parameter): what the controllers would
// make of a set of objects, offline, like `crossplane render`. Objects are
// stored as the API server stores them (defaults applied, namespace filled
// in); the dependency hooks run first — AgentRuntimeConfiguration, PromptPack,
// Provider, ToolRegistry — each given the related objects its own customize
// hook asks for, and their statuses (and children) go back into the pool
// before the AgentRuntimes are synced, none of their children observed yet;
// an agent's peers are synced before it, and their statuses go back too.
// One pass, as a first reconcile; Metacontroller would resync from there.

import { applyDefaults } from '../crds/defaulting.js';
import { crdOf } from '../crds/schema.js';
import { CHILD_ORDER } from '../hooks/agentruntime/child-kinds.js';
import type { CompositeSyncResponse, CustomizeResponse, DecoratorSyncResponse, KubeObject } from '../hooks/metacontroller.js';
import { CONFIGMAP_TYPE } from '../hooks/promptpack/observed.js';
import { defaultRegistry, type KindEntry } from '../hooks/registry.js';
import { TOOLSERVER_CHILD_ORDER } from '../hooks/toolserver/child-kinds.js';
import { objectMap, objectsFrom, type ObjectsInput } from './objects.js';
import { peersFirst } from './peer-order.js';
import { selectRelated } from './related.js';

/** Subjects in the order a cluster settles them: dependencies before the agents that read their status. */
// ToolServers before ToolRegistries (their Services are what selectors discover);
// the gateways before the agents (agents read their status.url); workforces last
// (they read the agents' phases).
export const RENDER_ORDER = [
  'AgentRuntimeConfiguration',
  'PromptPack',
  'Provider',
  'ToolServer',
  'ToolRegistry',
  'AiGateway',
  'ToolGateway',
  'AgentGateway',
  'AgentRuntime',
  'AgenticWorkforce',
] as const;

/** Core kinds an example may hold that live outside any namespace (an AgentRuntime relates its Namespace). */
const CLUSTER_SCOPED_CORE: ReadonlySet<string> = new Set(['Namespace']);

/** The child types each CompositeController declares (the default install, KEDA included). */
export const CHILD_TYPES: Readonly<Record<string, readonly string[]>> = {
  AgentRuntime: CHILD_ORDER,
  PromptPack: [CONFIGMAP_TYPE],
  ToolServer: TOOLSERVER_CHILD_ORDER,
};

/** Phases that mean "this object does not work": render exits non-zero on them. */
export const FAILED_PHASES: readonly string[] = ['Failed', 'Error', 'Invalid'];

export interface Rendered {
  /** The subject as stored, with the status (and labels/annotations) its hook answered. */
  object: KubeObject;
  /** The children a CompositeController would create; none for decorators. */
  children: KubeObject[];
  /** The sync hook's whole answer. */
  response: CompositeSyncResponse | DecoratorSyncResponse;
}

export interface RenderResult {
  /** Every subject, in RENDER_ORDER then input order (AgentRuntimes: peers first). */
  rendered: Rendered[];
  /** `Kind namespace/name: <phase>: <reasons>` for every subject whose phase is in FAILED_PHASES. */
  failures: string[];
}

export const DEFAULT_NAMESPACE = 'default';

/** As the API server stores it: namespace filled in, schema defaults applied, uid and resourceVersion. */
export function stored(o: KubeObject, i: number, namespace = DEFAULT_NAMESPACE): KubeObject {
  const crd = crdOf(o.kind);
  const base = crd && o.apiVersion === crd.apiVersion ? applyDefaults(crd.schema, o) : structuredClone(o);
  const namespaced = crd ? crd.namespaced : !CLUSTER_SCOPED_CORE.has(o.kind);
  base.metadata = {
    ...(namespaced ? { namespace } : {}),
    ...base.metadata,
    uid: base.metadata.uid ?? `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    resourceVersion: base.metadata.resourceVersion ?? String(i + 1),
    generation: base.metadata.generation ?? 1,
  };
  return base;
}

/** The registry entry (controller type and hooks) of a subject kind. */
export function entryFor(kind: string): KindEntry | undefined {
  return Object.values(defaultRegistry).find((e) => e.kind === kind);
}

function applyDecoration(o: KubeObject, r: DecoratorSyncResponse): void {
  for (const field of ['labels', 'annotations'] as const) {
    const changes = r[field];
    if (!changes) continue;
    const current = { ...(o.metadata[field] ?? {}) };
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) delete current[k];
      else current[k] = v;
    }
    o.metadata[field] = current;
  }
  if (r.status !== undefined && r.status !== null) o.status = r.status;
}

/** Why a subject fails: its Ready condition (which sums up its problems), else its other False conditions, else its message. */
export function failureReasons(status: Record<string, any>): string[] {
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Record<string, any>[]) : [];
  const said = (c: Record<string, any>) => `${c.type} ${c.reason ?? ''}: ${c.message ?? ''}`;
  const ready = conditions.find((c) => c.type === 'Ready' && c.status !== 'True');
  if (ready) return [said(ready)];
  const notTrue = conditions.filter((c) => c.status === 'False');
  if (notTrue.length > 0) return notTrue.map(said);
  return typeof status.message === 'string' ? [status.message] : [];
}

/** Runs the hooks over the objects (YAML or parsed) as Metacontroller would; `now` is the hooks' clock. */
export function render(input: ObjectsInput, now: Date): RenderResult {
  const pool = objectsFrom(input).map((o, i) => stored(o, i));
  const rendered: Rendered[] = [];
  for (const kind of RENDER_ORDER) {
    const entry = entryFor(kind)!;
    const apiVersion = crdOf(kind)?.apiVersion;
    const subjects = pool.filter((o) => o.kind === kind && o.apiVersion === apiVersion);
    // A delegating agent reads its peers' status: they go first (peer-order.ts).
    for (const subject of kind === 'AgentRuntime' ? peersFirst(subjects) : subjects) {
      const namespace = subject.metadata.namespace;
      const composite = entry.controller === 'composite';
      const customizeRequest = composite ? { parent: subject } : { object: subject };
      const rules = (entry.hooks.customize?.(customizeRequest, now) as CustomizeResponse | undefined)?.relatedResources ?? [];
      const related = selectRelated(pool, rules, namespace);
      if (composite) {
        const children = objectMap([], CHILD_TYPES[kind] ?? []);
        const response = entry.hooks.sync!({ parent: subject, children, related }, now) as CompositeSyncResponse;
        subject.status = response.status;
        // In the pool the children are what the API server would store: in the parent's namespace.
        pool.push(...response.children.map((c) => ({ ...c, metadata: { namespace, ...c.metadata } })));
        rendered.push({ object: subject, children: response.children, response });
      } else {
        const response = entry.hooks.sync!({ object: subject, attachments: {}, related }, now) as DecoratorSyncResponse;
        applyDecoration(subject, response);
        rendered.push({ object: subject, children: [], response });
      }
    }
  }
  const failures = rendered.flatMap(({ object }) => {
    const status = (object.status ?? {}) as Record<string, any>;
    if (!FAILED_PHASES.includes(status.phase)) return [];
    const name = `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
    return [`${name}: ${String(status.phase)}: ${failureReasons(status).join('; ')}`];
  });
  return { rendered, failures };
}
