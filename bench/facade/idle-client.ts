import WebSocket from 'ws';
import { REQUEST_FRAME } from './payload.js';

// One client process of the idle-connection benchmark (bench/facade/idle.ts),
// driven over IPC. It opens its share of the connections from its own source
// addresses (127.0.0.x, so no one address runs out of ephemeral ports), holds
// them, counts any that drop, and on request sends a message on some of them
// and waits for each reply.
//   {open: {url, count, addresses, concurrency}} → {opened, failed}
//   {say: number[]}                              → {answered, failed}
//   {report: true}                               → {open, dropped}

interface Open {
  url: string;
  count: number;
  addresses: string[];
  concurrency: number;
}

const sockets: WebSocket[] = [];
let dropped = 0;
let holding = false;

function openOne(url: string, localAddress: string): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, localAddress });
    ws.once('message', () => {
      ws.on('close', () => {
        if (holding) dropped++;
      });
      resolve(ws);
    });
    ws.once('error', () => resolve(null));
    ws.once('close', () => resolve(null));
  });
}

async function open(o: Open): Promise<{ opened: number; failed: number }> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < o.count) {
        const i = next++;
        const ws = await openOne(o.url, o.addresses[i % o.addresses.length] as string);
        if (ws) sockets.push(ws);
        else failed++;
      }
    }),
  );
  holding = true;
  return { opened: sockets.length, failed };
}

/** Sends one message on each chosen connection; a reply is the `done` the echo handler answers with. */
async function say(indices: number[]): Promise<{ answered: number; failed: number }> {
  const replies = await Promise.all(
    indices.map(
      (i) =>
        new Promise<boolean>((resolve) => {
          const ws = sockets[i];
          if (!ws || ws.readyState !== WebSocket.OPEN) return resolve(false);
          const timer = setTimeout(() => resolve(false), 30_000);
          ws.once('message', (data: Buffer) => {
            clearTimeout(timer);
            resolve((JSON.parse(data.toString()) as { type?: string }).type === 'done');
          });
          ws.send(REQUEST_FRAME);
        }),
    ),
  );
  const answered = replies.filter(Boolean).length;
  return { answered, failed: indices.length - answered };
}

process.on('message', (msg: { open?: Open; say?: number[]; report?: boolean }) => {
  if (msg.open) void open(msg.open).then((r) => process.send?.({ opened: r }));
  if (msg.say) void say(msg.say).then((r) => process.send?.({ said: r }));
  if (msg.report) process.send?.({ report: { open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length, dropped } });
});
process.send?.({ ready: true });
