// What the hook server may log about an exception it did not expect (its
// error answers are the shared HttpError, src/shared/http/error.ts).

/**
 * What may be logged about an unexpected exception: its class name and the
 * stack frames, without the message line (messages can quote secret input).
 */
export function describeUnexpected(err: unknown): { errorName: string; frames?: string } {
  if (!(err instanceof Error)) return { errorName: typeof err };
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 15)
    .join('\n');
  return { errorName: err.name, ...(frames ? { frames } : {}) };
}
