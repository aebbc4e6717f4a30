import type { ToolEntry } from '../agent-config.js';
import { toolTarget, type ToolTarget } from './gateway.js';

// An HTTP tool: the model's JSON arguments are POSTed to the endpoint; the
// response body (JSON when it parses, else text) goes back to the model.
// Timeout and retries come from the ToolRegistry entry. Retried: network
// errors, timeouts, 429 and 5xx — the answers a retry can change.

export class ToolCallError extends Error {
  override name = 'ToolCallError';
}

const RESULT_LIMIT = 64 * 1024;

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

function excerpt(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

async function once(entry: ToolEntry, target: ToolTarget, body: string, signal: AbortSignal): Promise<{ retry: boolean; result?: unknown; error?: string }> {
  const attempt = AbortSignal.any([signal, AbortSignal.timeout(entry.timeoutMs)]);
  let res: Response;
  try {
    res = await fetch(target.url, {
      method: 'POST',
      headers: { ...target.headers, 'content-type': 'application/json', accept: 'application/json, text/plain;q=0.9, */*;q=0.1' },
      body,
      signal: attempt,
    });
  } catch (err) {
    if (signal.aborted) return { retry: false, error: 'the turn was cancelled' };
    const timedOut = (err as Error).name === 'TimeoutError' || attempt.reason?.name === 'TimeoutError';
    return { retry: true, error: timedOut ? `timed out after ${entry.timeoutMs} ms` : `cannot reach the tool: ${(err as Error).message}` };
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    return { retry: true, error: `the response was cut: ${(err as Error).message}` };
  }
  if (!res.ok) return { retry: retryable(res.status), error: `HTTP ${res.status}${text ? `: ${excerpt(text)}` : ''}` };
  if (text.length > RESULT_LIMIT) text = `${text.slice(0, RESULT_LIMIT)}…[truncated]`;
  try {
    return { retry: false, result: JSON.parse(text) as unknown };
  } catch {
    return { retry: false, result: text };
  }
}

export async function callHttpTool(
  entry: ToolEntry,
  args: Record<string, unknown>,
  signal: AbortSignal,
  target: ToolTarget = toolTarget(entry),
): Promise<unknown> {
  const body = JSON.stringify(args);
  let last = '';
  for (let attempt = 0; attempt <= entry.retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** (attempt - 1))));
    if (signal.aborted) throw new ToolCallError('the turn was cancelled');
    const out = await once(entry, target, body, signal);
    if (out.error === undefined) return out.result;
    last = out.error;
    if (!out.retry) break;
  }
  const tries = entry.retries > 0 ? ` (after ${entry.retries + 1} attempts)` : '';
  throw new ToolCallError(`tool "${entry.name}" failed${tries}: ${last}`);
}
