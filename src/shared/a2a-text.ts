// Text in A2A messages (the @a2a-js/sdk types): one text part, and the text of
// a message's parts. Both the facade (callee) and the runtime's peer tools
// (caller) speak it, and the test peers reuse it.
import type { Part } from '@a2a-js/sdk';

export function textPart(text: string): Part {
  return { content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' };
}

/** The text parts joined; other parts contribute nothing. */
export function textOfParts(parts: readonly Part[] | undefined): string {
  return (parts ?? []).map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
}
