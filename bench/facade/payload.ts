// What the benchmark client sends, and what the facade's echo handler answers
// with: the bare baseline answers with a frame of the same shape and size.
export const CONTENT = 'ping from the benchmark client';
export const REQUEST_FRAME = JSON.stringify({ type: 'message', content: CONTENT });
export const ECHO_REPLY_CONTENT = `Echo: ${CONTENT}`;
