import type { IncomingMessage, ServerResponse } from 'node:http';

// Placeholder until function mode lands: every function route is 404.
export function createFunctionHandler(_opts: unknown): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'function_not_found', detail: 'function mode is not available in this build' }));
  };
}
