import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import express from 'express';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createFunctionHandler } from '../../src/facade/function/index.js';
import { benchHandler, functionName, inputSchema, outputSchema, type HandlerKind } from './handlers.js';

// One benchmark server per process: `server.ts <function|express> <echo|mock>`.
// Prints its loopback port on stdout, serves until killed.
//  - function: the facade's function handler (auth passes, no audit store, metrics on).
//  - express:  the baseline — express.json (1 MiB) + ajv on input and output
//              with the same options, the same handler, the same answer shape.

const [impl, kind] = process.argv.slice(2) as ['function' | 'express', HandlerKind];
const handler = benchHandler(kind);
const invoke = handler.invoke!.bind(handler);

let listener: Parameters<typeof createServer>[1];
if (impl === 'function') {
  listener = createFunctionHandler({
    config: { name: functionName, namespace: 'bench', inputSchema, outputSchema },
    handler,
    authenticate: async () => ({ ok: true }),
    metrics: new Registry(),
    logger: pino({ level: 'silent' }),
  });
} else {
  const opts = { allErrors: true, strict: false } as const;
  const inAjv = new Ajv(opts);
  const outAjv = new Ajv(opts);
  addFormats.default(inAjv);
  addFormats.default(outAjv);
  const validateIn = inAjv.compile(inputSchema as object);
  const validateOut = outAjv.compile(outputSchema as object);
  const app = express();
  app.post(`/functions/${functionName}`, express.json({ limit: '1mb' }), async (req, res) => {
    const started = performance.now();
    if (!validateIn(req.body)) {
      res.status(400).json({ error: 'input_invalid', detail: inAjv.errorsText(validateIn.errors, { dataVar: 'input' }) });
      return;
    }
    const id = crypto.randomUUID();
    try {
      const r = await invoke(req.body, { invocationId: id, signal: new AbortController().signal });
      if (!validateOut(r.output)) {
        res.status(502).json({ error: 'output_invalid', detail: outAjv.errorsText(validateOut.errors), raw_output: r.rawOutput });
        return;
      }
      res.json({ output: r.output, invocation_id: id, duration_ms: Math.round(performance.now() - started), usage: r.usage });
    } catch (err) {
      res.status(502).json({ error: 'runtime_error', detail: (err as Error).message });
    }
  });
  listener = app;
}

const server = createServer(listener);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
