// The contract between the pure hook functions and the hook server.
// A hook takes the parsed request body and the current time (never reads a
// clock itself) and returns the response body. It throws HookRequestError
// only when the request itself cannot be understood; an invalid parent spec or
// a missing dependency is answered with 200 and an honest status instead.

export type HookKind =
  | 'agentruntime'
  | 'promptpack'
  | 'toolregistry'
  | 'provider'
  | 'agentruntimeconfiguration'
  | 'aigateway'
  | 'toolgateway'
  | 'agentgateway'
  | 'toolserver'
  | 'agenticworkforce';

export type HookName = 'sync' | 'customize' | 'finalize';

/** CompositeController parents own children; DecoratorController targets get attachments. */
export type ControllerType = 'composite' | 'decorator';

export type Hook = (request: unknown, now: Date) => unknown;

export type KindHooks = Partial<Record<HookName, Hook>>;

/** Thrown by a hook when the request is not something it can answer (→ 4xx, nothing applied). */
export class HookRequestError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly httpStatus: number = 400,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'HookRequestError';
  }
}
