import { dig, digObject } from '../../shared/json.js';
import { sha256 } from '../../shared/sha256.js';
import type { KubeObject } from '../metacontroller.js';
import { schemaErrors } from './content-schema.js';
import { DEFAULT_KEY, sameVersion } from './spec.js';

// Reading and validating the source ConfigMap: which key holds the pack, does
// it parse as JSON, does it satisfy the PromptPack JSON Schema, does the
// version it declares match spec.version.

export interface ValidContent {
  ok: true;
  /** The key in the source ConfigMap the pack was read from. */
  sourceKey: string;
  /** The pack exactly as written; served byte-for-byte. */
  text: string;
  /** sha256 (hex) of `text`: the bytes an agent will load. */
  contentHash: string;
}

export interface InvalidContent {
  ok: false;
  /**
   * Which condition the failure belongs to: the source could not be read
   * (SourceValid False), the pack breaks the schema (SchemaValid False), or a
   * valid pack does not fit spec.version (SourceValid False, SchemaValid True).
   */
  stage: 'source' | 'schema' | 'version';
  /** Set when the source ConfigMap itself is absent (phase Pending rather than Failed). */
  missing?: boolean;
  reason: string;
  message: string;
  /** The key that was read, when the failure came after reading it. */
  sourceKey?: string;
}

export type ContentResult = ValidContent | InvalidContent;

export function hashText(text: string): string {
  return sha256(text, 'hex');
}

/** Keys of a ConfigMap across `data` and `binaryData`, sorted. */
function keysOf(cm: KubeObject): string[] {
  const keys = new Set([...Object.keys(digObject(cm.data) ?? {}), ...Object.keys(digObject(cm.binaryData) ?? {})]);
  return [...keys].sort();
}

/**
 * The key to read: the one named in the spec; else `pack.json`; else, when the
 * ConfigMap has exactly one key (Omnia's samples use `promptpack.json`), that key.
 */
export function resolveKey(cm: KubeObject, requested: string | undefined): { key: string } | { error: string } {
  const keys = keysOf(cm);
  const listed = keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'none';
  if (requested !== undefined) {
    return keys.includes(requested) ? { key: requested } : { error: `key "${requested}" not found (keys: ${listed})` };
  }
  if (keys.includes(DEFAULT_KEY)) return { key: DEFAULT_KEY };
  if (keys.length === 1) return { key: keys[0] as string };
  return {
    error: `no key given and "${DEFAULT_KEY}" not found (keys: ${listed}); set source.configMapRef.key`,
  };
}

function textAt(cm: KubeObject, key: string): string | undefined {
  const data = dig(cm.data, key);
  if (typeof data === 'string') return data;
  const binary = dig(cm.binaryData, key);
  if (typeof binary === 'string') return Buffer.from(binary, 'base64').toString('utf8');
  return undefined;
}

export function readPack(
  cm: KubeObject | undefined,
  configMapName: string,
  requestedKey: string | undefined,
  version: string,
): ContentResult {
  if (!cm) {
    return {
      ok: false,
      stage: 'source',
      missing: true,
      reason: 'ConfigMapNotFound',
      message: `ConfigMap "${configMapName}" not found`,
    };
  }
  const resolved = resolveKey(cm, requestedKey);
  if ('error' in resolved) {
    return { ok: false, stage: 'source', reason: 'KeyNotFound', message: `ConfigMap "${configMapName}": ${resolved.error}` };
  }
  const text = textAt(cm, resolved.key);
  if (text === undefined || text.trim() === '') {
    return { ok: false, stage: 'source', reason: 'EmptyContent', message: `ConfigMap "${configMapName}" key "${resolved.key}" is empty` };
  }
  let pack: unknown;
  try {
    pack = JSON.parse(text);
  } catch {
    // The parser's own wording differs between Node versions; a status must not.
    return {
      ok: false,
      stage: 'source',
      reason: 'InvalidJSON',
      message: `ConfigMap "${configMapName}" key "${resolved.key}" is not valid JSON`,
    };
  }
  const errors = schemaErrors(pack);
  if (errors.length > 0) {
    return {
      ok: false,
      stage: 'schema',
      sourceKey: resolved.key,
      reason: 'SchemaViolation',
      message: `ConfigMap "${configMapName}" key "${resolved.key}" violates the PromptPack schema: ${errors.join('; ')}`,
    };
  }
  // The schema requires a string version; a pack that declares another version
  // than the one it would be published as would serve mislabelled content.
  const declared = String((pack as { version?: unknown }).version);
  if (!sameVersion(declared, version)) {
    return {
      ok: false,
      stage: 'version',
      sourceKey: resolved.key,
      reason: 'VersionMismatch',
      message: `ConfigMap "${configMapName}" key "${resolved.key}" holds a pack that declares version ${declared}, not spec.version ${version}; set both to the same version`,
    };
  }
  return { ok: true, sourceKey: resolved.key, text, contentHash: hashText(text) };
}

/**
 * A version's content once published (served from its ConfigMap) never changes:
 * agents that run it, pinned ones and a running canary included, must not roll
 * onto bytes nobody reviewed as that version. `published` is what the version
 * serves now; undefined when it never served (or its ConfigMap is not intact).
 */
export function checkPublished(content: ValidContent, configMapName: string, version: string, published: { contentHash: string } | undefined): ContentResult {
  if (!published || published.contentHash === content.contentHash) return content;
  return {
    ok: false,
    stage: 'version',
    sourceKey: content.sourceKey,
    reason: 'ContentChangedWithoutVersionBump',
    message: `ConfigMap "${configMapName}" key "${content.sourceKey}" changed after version ${version} was published (content hash ${short(published.contentHash)} → ${short(content.contentHash)}); a published version is immutable: give the change a new version (the pack's version and spec.version)`,
  };
}

function short(hash: string): string {
  return hash.slice(0, 12);
}
