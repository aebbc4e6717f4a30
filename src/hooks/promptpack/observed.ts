import { dig, digNonEmptyString, digNumber } from '../../shared/json.js';
import type { KubeObject, ObjectMap } from '../metacontroller.js';
import { lastApplied, objectsOf } from '../shared/objects.js';
import { CHILD_KEY, HASH_ANNOTATION, ROLLOUT_ANNOTATIONS, VERSION_ANNOTATION } from './names.js';
import { hashText } from './source.js';
import { compareVersions } from './semver.js';
import type { PackVersionRef } from '../../types/generated/promptpack.js';

// What the previous sync decided, read back from the status it wrote and from
// the version ConfigMaps Metacontroller observed. The hook is pure, so this is
// the only memory a rollout has: the version that is serving must be re-served
// from its own ConfigMap, because the source ConfigMap already holds the next one.

export interface VersionRef {
  version: string;
  configMapName: string;
  key: string;
  contentHash: string;
}

/** A version that is (or will be) served: its reference plus the exact bytes. */
export interface Served extends VersionRef {
  text: string;
}

export interface ObservedRollout {
  active?: VersionRef;
  canary?: VersionRef & { weight: number };
  canaryStartedAt?: string;
  lastStepTime?: string;
}

function versionRef(raw: unknown): VersionRef | undefined {
  const version = digNonEmptyString(raw, 'version');
  const configMapName = digNonEmptyString(raw, 'configMapName');
  const key = digNonEmptyString(raw, 'key');
  const contentHash = digNonEmptyString(raw, 'contentHash');
  return version && configMapName && key && contentHash ? { version, configMapName, key, contentHash } : undefined;
}

/**
 * The rollout as the last sync left it: from the status, or, when the status
 * holds no active version (lost in a restore), from the version ConfigMaps'
 * own annotations, so nothing that serves is mistaken for a first version.
 */
export function readObservedStatus(status: unknown, children: ObjectMap): ObservedRollout {
  const active = versionRef(dig(status, 'active'));
  if (!active) return readObservedAnnotations(children);
  const canaryRef = versionRef(dig(status, 'canary'));
  const weight = digNumber(status, 'canary', 'weight');
  return {
    active,
    canary: canaryRef && weight !== undefined ? { ...canaryRef, weight } : undefined,
    canaryStartedAt: digNonEmptyString(status, 'canaryStartedAt'),
    lastStepTime: digNonEmptyString(status, 'lastStepTime'),
  };
}

export const CONFIGMAP_TYPE = 'ConfigMap.v1';

/** What the hook last wrote on a child (last-applied), else what the child carries. */
function annotationsOf(child: KubeObject): Record<string, string> {
  return lastApplied(child)?.metadata.annotations ?? child.metadata.annotations ?? {};
}

function annotatedRef(child: KubeObject, annotations: Record<string, string>): VersionRef | undefined {
  const version = digNonEmptyString(annotations[VERSION_ANNOTATION]);
  const contentHash = digNonEmptyString(annotations[HASH_ANNOTATION]);
  return version && contentHash ? { version, configMapName: child.metadata.name, key: CHILD_KEY, contentHash } : undefined;
}

function readObservedAnnotations(children: ObjectMap): ObservedRollout {
  const out: ObservedRollout = {};
  const unmarked: VersionRef[] = [];
  for (const child of objectsOf(children, CONFIGMAP_TYPE)) {
    const annotations = annotationsOf(child);
    const ref = annotatedRef(child, annotations);
    if (!ref) continue;
    const role = annotations[ROLLOUT_ANNOTATIONS.role];
    const weight = Number(annotations[ROLLOUT_ANNOTATIONS.weight]);
    if (role === 'active') out.active = ref;
    else if (role === 'canary' && annotations[ROLLOUT_ANNOTATIONS.weight] && Number.isFinite(weight)) {
      out.canary = { ...ref, weight };
      out.canaryStartedAt = digNonEmptyString(annotations[ROLLOUT_ANNOTATIONS.startedAt]);
      out.lastStepTime = digNonEmptyString(annotations[ROLLOUT_ANNOTATIONS.lastStepTime]);
    } else unmarked.push(ref);
  }
  // ConfigMaps written before the role annotation existed: a lone one is the active version.
  if (!out.active && !out.canary && unmarked.length === 1) out.active = unmarked[0];
  return out;
}

/**
 * The bytes a version ConfigMap serves, preferring what the hook last asked
 * for (last-applied) over the live data, and only when they still hash to
 * `expectedHash`: a child edited by hand is not trusted.
 */
function servedText(child: KubeObject, key: string, expectedHash: string): string | undefined {
  for (const candidate of [lastApplied(child), child]) {
    const text = dig(candidate, 'data', key);
    if (typeof text === 'string' && hashText(text) === expectedHash) return text;
  }
  return undefined;
}

/** Re-serve a referenced version from its observed ConfigMap, if it is there intact. */
export function recoverServed(children: ObjectMap, ref: VersionRef | undefined): Served | undefined {
  if (!ref) return undefined;
  const child = objectsOf(children, CONFIGMAP_TYPE).find((c) => c.metadata.name === ref.configMapName);
  if (!child) return undefined;
  const text = servedText(child, ref.key, ref.contentHash);
  return text === undefined ? undefined : { ...ref, text };
}

/** Every observed version ConfigMap that can still be served, as recorded by its annotations. */
export function observedVersions(children: ObjectMap, key: string): Served[] {
  const out: Served[] = [];
  for (const child of objectsOf(children, CONFIGMAP_TYPE)) {
    const ref = annotatedRef(child, annotationsOf(child));
    if (!ref) continue;
    const text = servedText(child, key, ref.contentHash);
    if (text !== undefined) out.push({ ...ref, key, text });
  }
  return out;
}

export function refOf(s: VersionRef): PackVersionRef {
  return { version: s.version, configMapName: s.configMapName, key: s.key, contentHash: s.contentHash };
}

/** status.versions[]: the refs in SemVer order (then by ConfigMap name, so the order is total). */
export function statusVersions(served: VersionRef[]): PackVersionRef[] {
  return served.map(refOf).sort((a, b) => compareVersions(a.version, b.version) || compareText(a.configMapName, b.configMapName));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
