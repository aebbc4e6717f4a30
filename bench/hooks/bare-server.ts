// References for the sync benchmark, as node:http servers that read the whole
// request body and answer the hook's own response bytes (Content-Type
// application/json, Content-Length) — no routing, hook, logging or metrics:
//   bare  — the fixed bytes: what HTTP alone costs on this machine;
//   floor — JSON.parse of each request and JSON.stringify of the (parsed)
//           response, then those bytes: the floor's work done inside an HTTP
//           server, the least any JSON-over-HTTP hook can spend.
//   node --import tsx bench/hooks/bare-server.ts <port> <response.json> [bare|floor]
// Prints one JSON line {"listening": port} once it accepts connections.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [portArg, responsePath, mode = 'bare'] = process.argv.slice(2);
if (!portArg || !responsePath || (mode !== 'bare' && mode !== 'floor')) {
  console.error('usage: bare-server.ts <port> <response.json> [bare|floor]');
  process.exit(2);
}
const response = readFileSync(responsePath);
const parsedResponse = JSON.parse(response.toString('utf8')) as unknown;
const headers = { 'content-type': 'application/json', 'content-length': String(response.length) };

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    // Hold the body as the hook server does before parsing it.
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    if (mode === 'floor' && body) {
      const parsed = JSON.parse(body.toString('utf8')) as { parent?: unknown };
      const text = JSON.stringify(parsedResponse);
      res.writeHead(parsed.parent ? 200 : 400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    res.writeHead(body && body.length > 0 ? 200 : 400, headers);
    res.end(response);
  });
});
server.listen(Number(portArg), '127.0.0.1', () => console.log(JSON.stringify({ listening: Number(portArg) })));
