// Which objects Metacontroller hands a hook as `related`, given the rules its
// customize hook answered: same apiVersion and resource, the rule's namespace
// (the parent's when the rule names none), then the names or the label selector.

import type { KubeObject, ObjectMap, RelatedResourceRule } from '../hooks/metacontroller.js';
import { objectMap, resourceOf } from './objects.js';

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}

function matchesSelector(labels: Record<string, string>, selector: NonNullable<RelatedResourceRule['labelSelector']>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const r of (selector.matchExpressions ?? []) as Requirement[]) {
    const has = Object.hasOwn(labels, r.key);
    const inValues = has && (r.values ?? []).includes(labels[r.key]!);
    const ok =
      r.operator === 'In' ? inValues : r.operator === 'NotIn' ? !inValues : r.operator === 'Exists' ? has : r.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

function matches(rule: RelatedResourceRule, o: KubeObject, parentNamespace: string | undefined): boolean {
  if (o.apiVersion !== rule.apiVersion || resourceOf(o.kind) !== rule.resource) return false;
  const namespace = rule.namespace || parentNamespace;
  // A cluster-scoped object (a Namespace) has no namespace to compare.
  if (namespace && o.metadata.namespace !== undefined && o.metadata.namespace !== namespace) return false;
  if (rule.names && rule.names.length > 0 && !rule.names.includes(o.metadata.name)) return false;
  if (rule.labelSelector && !matchesSelector(o.metadata.labels ?? {}, rule.labelSelector)) return false;
  return true;
}

/** The related map a hook gets for these rules out of everything in `pool`. */
export function selectRelated(pool: readonly KubeObject[], rules: readonly RelatedResourceRule[], parentNamespace: string | undefined): ObjectMap {
  return objectMap(pool.filter((o) => rules.some((r) => matches(r, o, parentNamespace))));
}
