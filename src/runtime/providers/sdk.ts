import type { ProviderSettings } from '../config.js';
import { classifyVendorError, isAbort, streamCut } from './errors.js';
import type { GenParams, ModelEvent, ModelRequest, ProviderError } from './types.js';

// What every vendor SDK module shares: its shape, the client settings, and the
// rules for reading one streamed reply. index.ts turns a module into a Provider.

export interface VendorSdk {
  /** The model used when the provider names none. */
  defaultModel: string;
  /** A client for these settings; its stream function answers one model request. */
  connect(s: ProviderSettings, model: string): (req: ModelRequest) => AsyncIterable<ModelEvent>;
}

/** The client settings the SDKs take under the same names (each adds its API key its own way). */
export function clientOptions(s: ProviderSettings): { baseURL: string | null; maxRetries: number; timeout: number } {
  return { baseURL: s.baseURL ?? null, maxRetries: s.maxRetries, timeout: s.timeoutMs };
}

/**
 * Copies the generation parameters that are set onto the vendor's request,
 * under the vendor's field names (in the order `fields` lists them); a
 * parameter the vendor has no field for is not sent.
 */
export function copyParams<T extends object>(p: GenParams, target: T, fields: { [K in keyof GenParams]?: keyof T & string }): void {
  for (const [param, field] of Object.entries(fields) as [keyof GenParams, string][]) {
    const value = p[param];
    if (value !== undefined) (target as Record<string, unknown>)[field] = value;
  }
}

export interface StreamRules<C> {
  vendor: string;
  /** Key values to scrub from error messages. */
  secrets: (string | undefined)[];
  signal: AbortSignal;
  /** The events one chunk of the vendor's stream makes. */
  events(chunk: C): Iterable<ModelEvent>;
  /** Whether this chunk says the reply is complete; a stream that ends before one is a cut stream. */
  isLast(chunk: C): boolean;
  /** A vendor's own reading of an error, thrown as it is; undefined leaves it to the shared classification. */
  ownError?(err: unknown): ProviderError | undefined;
}

/**
 * The events of one vendor reply, read with the rules every vendor shares. A
 * client that went away ends them early with `aborted` set: the caller then
 * yields nothing more. Any other failure, reading a chunk included, is thrown
 * as a ProviderError; a transport error after chunks arrived, or an end
 * without the last chunk, is a cut stream (whatever the SDK calls it).
 */
export class VendorStream<C> implements AsyncIterable<ModelEvent> {
  aborted = false;

  constructor(
    private readonly open: () => Promise<AsyncIterable<C>>,
    private readonly rules: StreamRules<C>,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<ModelEvent> {
    const { vendor, signal } = this.rules;
    let received = false;
    let complete = false;
    try {
      for await (const chunk of await this.open()) {
        received = true;
        yield* this.rules.events(chunk);
        if (this.rules.isLast(chunk)) complete = true;
      }
    } catch (err) {
      if (isAbort(err, signal)) {
        this.aborted = true;
        return;
      }
      const own = this.rules.ownError?.(err);
      if (own) throw own;
      const failure = classifyVendorError(vendor, err, this.rules.secrets);
      throw received && failure.status === undefined ? streamCut(vendor) : failure;
    }
    if (signal.aborted) this.aborted = true;
    else if (!complete) throw streamCut(vendor);
  }
}

/** Tool arguments are JSON text from the vendor; anything else becomes an empty object plus the raw text. */
export function parseArguments(json: string): Record<string, unknown> {
  if (json.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { _raw: json };
  }
}
