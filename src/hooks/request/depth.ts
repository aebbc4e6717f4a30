// How deeply a parsed request nests objects and arrays. JSON.parse reads any
// depth, but the recursive walks after it (sortKeys, JSON.stringify, ajv) run
// out of stack on a spec nested ~10k levels deep. Rather than walk every
// request up front (a pass over each 30 KB body on the hot path), the hook
// server measures the depth only when a hook ran out of stack, and answers a
// request nested beyond MAX_DEPTH as the client's error (400 too_deep).
import { HookRequestError, type KindHooks } from '../types.js';

/** Far deeper than any Kubernetes object or JSON Schema needs, far shallower than the stack allows. */
export const MAX_DEPTH = 512;

/** The nesting depth of `value` (a scalar is 0), found without recursion; stops counting past `limit`. */
export function nestingDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop() as { v: unknown; d: number };
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const member of Array.isArray(v) ? v : Object.values(v as object)) {
      if (member !== null && typeof member === 'object') stack.push({ v: member, d: depth });
    }
  }
  return deepest;
}

/** The 400 for `err` when it is a stack overflow caused by a request nested beyond MAX_DEPTH. */
export function tooDeep(err: unknown, body: unknown): HookRequestError | undefined {
  if (!(err instanceof RangeError) || nestingDepth(body, MAX_DEPTH) <= MAX_DEPTH) return undefined;
  return new HookRequestError('too_deep', `the request nests objects or arrays more than ${MAX_DEPTH} levels deep`);
}

/**
 * A kind's hooks answering a request nested too deep with the same 400 the
 * server gives (tooDeep), so the pure functions a team calls in its own tests
 * behave as the server does. Costs nothing unless a hook throws.
 */
export function depthGuarded(hooks: KindHooks): KindHooks {
  const out: KindHooks = {};
  for (const [name, hook] of Object.entries(hooks) as [keyof KindHooks, NonNullable<KindHooks[keyof KindHooks]>][]) {
    out[name] = (request, now) => {
      try {
        return hook(request, now);
      } catch (err) {
        throw tooDeep(err, request) ?? err;
      }
    };
  }
  return out;
}
