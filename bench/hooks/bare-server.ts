// Reference for the sync benchmark: what HTTP alone costs on this machine. A
// bare node:http server that reads the whole request body and answers fixed
// response bytes (the hook's own answer, as Content-Type application/json with
// a Content-Length) — no routing, parsing, hook, logging or metrics.
//   node --import tsx bench/hooks/bare-server.ts <port> <response.json>
// Prints one JSON line {"listening": port} once it accepts connections.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [portArg, responsePath] = process.argv.slice(2);
if (!portArg || !responsePath) {
  console.error('usage: bare-server.ts <port> <response.json>');
  process.exit(2);
}
const response = readFileSync(responsePath);
const headers = { 'content-type': 'application/json', 'content-length': String(response.length) };

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    // Hold the body as the hook server does before parsing it.
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    res.writeHead(body && body.length > 0 ? 200 : 400, headers);
    res.end(response);
  });
});
server.listen(Number(portArg), '127.0.0.1', () => console.log(JSON.stringify({ listening: Number(portArg) })));
