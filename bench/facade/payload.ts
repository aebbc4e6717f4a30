// What the benchmark client sends, and what the facade's echo handler answers
// with: the bare baseline answers with a frame of the same shape and size.
export const CONTENT = 'ping from the benchmark client';
export const REQUEST_FRAME = JSON.stringify({ type: 'message', content: CONTENT });
export const ECHO_REPLY_CONTENT = `Echo: ${CONTENT}`;
/** Size of the facade's `connected` greeting (UUID session id, default limits); the bare target sends as many bytes. */
export const CONNECTED_BYTES = 196;
/** The API key of the `facade-key` target. */
export const API_KEY = 'bench-api-key-0123456789abcdef';
