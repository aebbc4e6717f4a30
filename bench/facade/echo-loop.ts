import type WebSocket from 'ws';
import { REQUEST_FRAME } from './payload.js';

/**
 * Each socket sends one message and waits for its reply, in a loop, until
 * `seconds` have passed or it has made `perSocket` round trips. Returns the
 * round trips made and the size of the last reply. Shared by bench/facade and
 * the before/after A/B (bench/ab).
 */
export async function echoLoop(sockets: WebSocket[], seconds: number, perSocket = Infinity): Promise<{ count: number; replyBytes: number }> {
  let count = 0;
  let replyBytes = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          let mine = 0;
          ws.on('message', (data: Buffer) => {
            count++;
            mine++;
            replyBytes = data.length;
            if (mine < perSocket && Date.now() < end) ws.send(REQUEST_FRAME);
            else resolve();
          });
          ws.send(REQUEST_FRAME);
        }),
    ),
  );
  return { count, replyBytes };
}
