import { randomUUID } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import express from 'express';
import { CONFIG_FILES, parseFunctionJson, readConfigFile } from '../../src/contract/files.js';
import { PROTOCOL_PATHS } from '../../src/contract/runtime-wire.js';

// The baseline of bench/function/deployed.ts: a bare express + ajv endpoint
// doing the facade's job in function mode — the same function.json (read from
// the pod's config mount), ajv with the same options on input and output, the
// runtime of the same pod called over HTTP (POST /v1/invoke, keep-alive), the
// same answer shape. No auth, no metrics, no audit trail.
//   node --import tsx bench/function/bare-http.ts <config dir> <runtime address>
// Prints its loopback port on stdout, serves until killed.

const [configDir, runtimeAddress] = process.argv.slice(2) as [string, string];
const { doc, file } = readConfigFile(configDir, CONFIG_FILES.function);
const fn = parseFunctionJson(doc, file, ['name', 'inputSchema', 'outputSchema']);
const runtime = new URL(runtimeAddress);
const agent = new Agent({ keepAlive: true, maxFreeSockets: 64 });

const opts = { allErrors: true, strict: false } as const;
const inAjv = new Ajv(opts);
const outAjv = new Ajv(opts);
addFormats.default(inAjv);
addFormats.default(outAjv);
const validateIn = inAjv.compile(fn.inputSchema as object);
const validateOut = outAjv.compile(fn.outputSchema as object);

function invoke(input: unknown, invocationId: string): Promise<{ status: number; text: string }> {
  const body = JSON.stringify({ input, invocation_id: invocationId });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: runtime.hostname,
        port: runtime.port,
        path: PROTOCOL_PATHS.invoke,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), accept: 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const app = express();
app.post(`/functions/${fn.name}`, express.json({ limit: '1mb' }), async (req, res) => {
  const started = performance.now();
  if (!validateIn(req.body)) {
    res.status(400).json({ error: 'input_invalid', detail: inAjv.errorsText(validateIn.errors, { dataVar: 'input' }) });
    return;
  }
  const id = randomUUID();
  try {
    const r = await invoke(req.body, id);
    if (r.status !== 200) {
      res.status(502).json({ error: 'runtime_error', detail: `runtime answered ${r.status}` });
      return;
    }
    const body = JSON.parse(r.text) as { output: unknown; raw_output?: string; usage?: unknown };
    if (!validateOut(body.output)) {
      res.status(502).json({ error: 'output_invalid', detail: outAjv.errorsText(validateOut.errors), raw_output: body.raw_output });
      return;
    }
    res.json({ output: body.output, invocation_id: id, duration_ms: Math.round(performance.now() - started), usage: body.usage });
  } catch (err) {
    res.status(502).json({ error: 'runtime_error', detail: (err as Error).message });
  }
});

const server = createServer(app);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
