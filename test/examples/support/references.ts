// References between the objects of an example. Convention: every object an
// example refers to is defined in the same unit (file, or kustomization) —
// or the referring file's header comment declares it, one line each:
//
//   # requires: <Kind>/<name> <where it comes from>
//   # requires: <Kind>/<namespace>/<name> <where it comes from>
//
// e.g. `# requires: Provider/claude-production from ../provider/claude.yaml`.
// For a Secret, the header may instead show the command that creates it:
//   #   kubectl -n shared-providers create secret generic anthropic-credentials …
// A Secret defined in the unit must also hold the key the controller reads.

import type { ProviderType } from '../../../src/contract/vendors.js';
import { secretNeeds } from '../../../src/hooks/agentruntime/resolve/secrets.js';
import { resolveSpec } from '../../../src/hooks/agentruntime/spec.js';
import { acceptedKeys } from '../../../src/hooks/provider/credential.js';
import { SpecReader } from '../../../src/hooks/request/spec-reader.js';
import { where, type Doc, type Obj, type ParsedFile } from './parse.js';
import { findDoc, keysOf, namespaceOf } from './units.js';

export interface Reference {
  from: Doc;
  field: string;
  kind: string;
  name: string;
  namespace: string;
  /** For Secrets: the keys that satisfy the reader (any one of them). */
  keys?: string[];
}

export interface Requirement {
  kind: string;
  namespace?: string;
  name: string;
}

const REQUIRES = /^requires:\s+([A-Za-z]+)\/(?:([a-z0-9-]+)\/)?([a-z0-9.-]+)\s+(\S.*)$/;
const CREATE_SECRET = /\bkubectl\b.*\bcreate secret (?:generic|tls|docker-registry) ([a-z0-9.-]+)/;
const NAMESPACE_FLAG = /(?:^|\s)(?:-n\s*|--namespace[= ])([a-z0-9-]+)/;

/** The `requires:` lines of a header; a malformed one is a problem, not silently ignored. */
export function requirements(header: string[]): { found: Requirement[]; problems: string[] } {
  const found: Requirement[] = [];
  const problems: string[] = [];
  for (const line of header.filter((l) => /^requires:/i.test(l))) {
    const m = REQUIRES.exec(line);
    if (!m) problems.push(`malformed header line "# ${line}" (want "# requires: Kind/name <where it comes from>")`);
    else found.push({ kind: m[1]!, namespace: m[2], name: m[3]! });
  }
  for (const line of header) {
    const m = CREATE_SECRET.exec(line);
    if (m) found.push({ kind: 'Secret', namespace: NAMESPACE_FLAG.exec(line)?.[1], name: m[1]! });
  }
  return { found, problems };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function providerSecret(from: Doc, field: string, p: Obj | undefined, namespace: string): Reference[] {
  const type = str(p?.type) as ProviderType | undefined;
  const name = str(p?.secretRef?.name);
  if (!type || type === 'mock' || !name) return [];
  return [{ from, field: `${field}.secretRef`, kind: 'Secret', name, namespace, keys: acceptedKeys(type, str(p?.secretRef?.key)) }];
}

/** Everything one object refers to by name. */
export function referencesOf(doc: Doc): Reference[] {
  const o = doc.object;
  const ns = namespaceOf(o);
  const spec = (o.spec ?? {}) as Obj;
  const refs: Reference[] = [];
  const add = (field: string, kind: string, ref: Obj | undefined, allowNamespace = false): void => {
    const name = str(ref?.name);
    if (name) refs.push({ from: doc, field, kind, name, namespace: (allowNamespace && str(ref?.namespace)) || ns });
  };
  if (o.kind === 'AgentRuntime') {
    add('spec.promptPackRef', 'PromptPack', spec.promptPackRef);
    add('spec.providerRef', 'Provider', spec.providerRef, true);
    add('spec.toolRegistryRef', 'ToolRegistry', spec.toolRegistryRef, true);
    refs.push(...providerSecret(doc, 'spec.provider', spec.provider, ns));
    (Array.isArray(spec.providers) ? (spec.providers as Obj[]) : []).forEach((p, i) => {
      add(`spec.providers[${i}].providerRef`, 'Provider', p.providerRef, true);
      refs.push(...providerSecret(doc, `spec.providers[${i}].provider`, p.provider, ns));
    });
    // The Secrets the pod mounts (session store URL, API keys, JWT key, network token), as the controller lists them.
    for (const need of secretNeeds(resolveSpec(spec, new SpecReader()))) {
      refs.push({ from: doc, field: need.why, kind: 'Secret', name: need.name, namespace: ns, keys: need.key === undefined ? [] : [need.key] });
    }
    // Peers: agentNetwork.access and its deprecated alias spec.peers.
    for (const field of ['agentNetwork.access', 'peers']) {
      const list = field === 'peers' ? spec.peers : spec.agentNetwork?.access;
      (Array.isArray(list) ? (list as unknown[]) : []).forEach((peer, i) => {
        const name = str(peer);
        if (name) refs.push({ from: doc, field: `spec.${field}[${i}]`, kind: 'AgentRuntime', name, namespace: ns });
      });
    }
  } else if (o.kind === 'PromptPack') {
    add('spec.source.configMapRef', 'ConfigMap', spec.source?.configMapRef);
  } else if (o.kind === 'Provider') {
    refs.push(...providerSecret(doc, 'spec', spec, ns));
  } else if (o.kind === 'AgenticWorkforce') {
    (Array.isArray(spec.entryPointAgents) ? (spec.entryPointAgents as Obj[]) : []).forEach((e, i) => add(`spec.entryPointAgents[${i}]`, 'AgentRuntime', e, true));
  }
  return refs;
}

const label = (r: { kind: string; namespace?: string; name: string }): string =>
  `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

export function referenceProblems(files: ParsedFile[]): string[] {
  const docs = files.flatMap((f) => f.docs);
  const problems: string[] = [];
  const declared = new Map(files.map((f) => [f.file, requirements(f.header)] as const));
  const used = new Set<string>();
  for (const [file, r] of declared) problems.push(...r.problems.map((p) => `${file}: ${p}`));

  for (const ref of docs.flatMap(referencesOf)) {
    const target = findDoc(docs, ref.kind, ref.name, ref.namespace);
    const at = `${where(ref.from)}: ${ref.field}`;
    if (target) {
      if (ref.keys && !ref.keys.some((k) => keysOf(target.object, ['data', 'stringData']).includes(k))) {
        problems.push(`${at} → Secret ${ref.name} has no key ${ref.keys.join(' or ')}`);
      }
      continue;
    }
    const declaration = declared
      .get(ref.from.file)
      ?.found.find((q) => q.kind === ref.kind && q.name === ref.name && (q.namespace ?? namespaceOf(ref.from.object)) === ref.namespace);
    if (declaration) used.add(`${ref.from.file} ${label(declaration)}`);
    else {
      // Named as a declaration would name it: the namespace only when it is another one.
      const name = label({ ...ref, namespace: ref.namespace === namespaceOf(ref.from.object) ? undefined : ref.namespace });
      problems.push(`${at} → ${name} is not defined in this example; define it, or declare it in the file's header: "# requires: ${name} <where it comes from>"`);
    }
  }
  for (const [file, r] of declared) {
    for (const q of r.found) {
      if (!used.has(`${file} ${label(q)}`)) problems.push(`${file}: header declares "requires: ${label(q)}" but nothing in the file needs it from outside`);
    }
  }
  return problems;
}
