// The enum values the pod contract carries, as run-time lists. The types come
// from the CRD schema (src/types/generated, from schemas/); each list is held
// to its type both ways at compile time, so a value added to the schema's enum
// breaks the build here until it is listed.

import type { AgentRuntimeSpec, Facade, Session } from '../types/generated/agentruntime.js';

export type SessionType = NonNullable<Session['type']>;
export type HandlerMode = NonNullable<Facade['handler']>;
export type PodMode = NonNullable<AgentRuntimeSpec['mode']>;

/** A list that names every member of U (and only those). */
type Complete<U extends string, L extends readonly U[]> = [U] extends [L[number]] ? L : never;
function complete<U extends string>() {
  return <const L extends readonly U[]>(list: Complete<U, L>): L => list;
}

// In the schema's order: error messages list them so.
export const SESSION_TYPES = complete<SessionType>()(['memory', 'redis', 'postgres']);
export const HANDLER_MODES = complete<HandlerMode>()(['runtime', 'demo', 'echo']);
export const POD_MODES = complete<PodMode>()(['agent', 'function']);
