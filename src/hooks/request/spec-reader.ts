// Defensive reading of an object that no API server has validated or defaulted
// (hook tests, a CRD installed without its schema, a hand-edited object).
// Every accessor returns a usable value — the default when the field is absent
// or of the wrong type — and records a message for a wrong type, so a hook can
// answer with an honest Failed status instead of throwing. Fields whose wrong
// type needs no report are read with the lenient digs of src/shared/json.ts.
import { isObject, type Json } from '../../shared/json.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** For integers, the offending number itself says more than "number". */
function describeNumber(value: unknown): string {
  return typeof value === 'number' ? `number ${value}` : describe(value);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

export class SpecReader {
  readonly errors: string[] = [];

  /** Record a problem at `path` (also used by callers for cross-field rules). */
  fail(path: string, message: string): void {
    this.errors.push(`${path}: ${message}`);
  }

  /** `parent[key]` when it passes `test`; absent or null → undefined; otherwise recorded, then undefined. */
  private typed<T>(
    parent: Json | undefined,
    key: string,
    path: string,
    expected: string,
    test: (v: unknown) => v is T,
    got: (v: unknown) => string = describe,
  ): T | undefined {
    const v = parent?.[key];
    if (v === undefined || v === null) return undefined;
    if (test(v)) return v;
    this.fail(`${path}.${key}`, `expected ${expected}, got ${got(v)}`);
    return undefined;
  }

  /** An optional object; undefined when absent or of the wrong type. */
  object(parent: Json | undefined, key: string, path: string): Json | undefined {
    return this.typed(parent, key, path, 'object', isObject);
  }

  string(parent: Json | undefined, key: string, path: string): string | undefined {
    return this.typed(parent, key, path, 'string', isString);
  }

  /** A string that must be one of `allowed`; otherwise the default. */
  oneOf<T extends string>(parent: Json | undefined, key: string, path: string, allowed: readonly T[], fallback: T): T {
    const v = this.string(parent, key, path);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      this.fail(`${path}.${key}`, `"${v}" is not one of ${allowed.join(', ')}`);
      return fallback;
    }
    return v as T;
  }

  int(parent: Json | undefined, key: string, path: string, range: { min?: number; max?: number } = {}): number | undefined {
    const v = this.typed(parent, key, path, 'integer', isInteger, describeNumber);
    if (v === undefined) return undefined;
    if (range.min !== undefined && v < range.min) {
      this.fail(`${path}.${key}`, `${v} is below the minimum ${range.min}`);
      return undefined;
    }
    if (range.max !== undefined && v > range.max) {
      this.fail(`${path}.${key}`, `${v} is above the maximum ${range.max}`);
      return undefined;
    }
    return v;
  }

  bool(parent: Json | undefined, key: string, path: string): boolean | undefined {
    return this.typed(parent, key, path, 'boolean', isBoolean);
  }

  /** An optional array; undefined when absent or not an array. */
  array(parent: Json | undefined, key: string, path: string): unknown[] | undefined {
    return this.typed(parent, key, path, 'array', isArray);
  }

  /**
   * An optional list of objects that each need a non-empty string `keyField`
   * (a provider's `name`, a trigger's `type`); items that are not objects or
   * lack the key are reported and skipped.
   */
  keyedObjects(parent: Json | undefined, key: string, path: string, keyField: string): { item: Json; key: string; path: string }[] {
    const out: { item: Json; key: string; path: string }[] = [];
    (this.array(parent, key, path) ?? []).forEach((item, i) => {
      const ip = `${path}.${key}[${i}]`;
      if (!isObject(item)) return this.fail(ip, 'expected object');
      const value = this.string(item, keyField, ip);
      if (!value) return this.fail(`${ip}.${keyField}`, 'required');
      out.push({ item, key: value, path: ip });
    });
    return out;
  }

  /** An optional list of strings; wrong-typed items are reported and skipped. */
  strings(parent: Json | undefined, key: string, path: string): string[] | undefined {
    const list = this.array(parent, key, path);
    if (!list) return undefined;
    const out: string[] = [];
    list.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else this.fail(`${path}.${key}[${i}]`, `expected string, got ${describe(item)}`);
    });
    return out;
  }

  /**
   * A container's `env` (each item a named object with an optional string
   * value and object valueFrom) and `envFrom` (objects), as core/v1 takes them;
   * each is left out when absent.
   */
  containerEnv(parent: Json | undefined, path: string): { env?: Json[]; envFrom?: Json[] } {
    const env = this.keyedObjects(parent, 'env', path, 'name').map(({ item, path: ip }) => {
      this.string(item, 'value', ip);
      this.object(item, 'valueFrom', ip);
      return item;
    });
    const envFrom = this.array(parent, 'envFrom', path)?.filter((item, i) => isObject(item) || (this.fail(`${path}.envFrom[${i}]`, 'expected object'), false)) as
      | Json[]
      | undefined;
    return {
      ...(parent?.env !== undefined && parent.env !== null ? { env } : {}),
      ...(envFrom ? { envFrom } : {}),
    };
  }

  /** An optional map of strings (labels, nodeSelector, trigger metadata). */
  stringMap(parent: Json | undefined, key: string, path: string): Record<string, string> | undefined {
    const obj = this.object(parent, key, path);
    if (!obj) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'string') out[k] = v;
      else this.fail(`${path}.${key}.${k}`, `expected string, got ${describe(v)}`);
    }
    return out;
  }
}
