import type http from 'node:http';
import { pieces, startFakeVendor, type FakeVendor, type Reply, type VendorWire } from './server.js';

// Gemini streamGenerateContent with alt=sse: POST
// /v1beta/models/<model>:streamGenerateContent?alt=sse answers `data:` events
// (CRLF-delimited, as Google's frontends send them) of GenerateContentResponse
// objects: candidates[0].content.parts with text or functionCall, the last one
// with finishReason and usageMetadata.

function event(res: http.ServerResponse, data: unknown): void {
  res.write(`data: ${JSON.stringify(data)}\r\n\r\n`);
}

function modelOf(path: string): string {
  return /\/models\/([^:]+):/.exec(path)?.[1] ?? 'gemini';
}

export const geminiWire: VendorWire = {
  matches: (path) => /^\/v1beta\/models\/[^/:]+:streamGenerateContent\?alt=sse$/.test(path),
  stream(res, reply, req) {
    const modelVersion = modelOf(req.path);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const texts = pieces(reply.text ?? '');
    texts.forEach((t) => event(res, { candidates: [{ content: { role: 'model', parts: [{ text: t }] }, index: 0 }], modelVersion }));
    // Thinking models sign their function calls; the signature must come back on the next request.
    const calls = (reply.toolCalls ?? []).map((c) => ({
      functionCall: { name: c.name, args: c.args, ...(c.id ? { id: c.id } : {}) },
      thoughtSignature: Buffer.from(`sig:${c.name}`).toString('base64'),
    }));
    const input = reply.usage?.input ?? 10;
    const output = reply.usage?.output ?? 5;
    event(res, {
      candidates: [{ content: { role: 'model', parts: calls.length ? calls : [{ text: '' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: input, candidatesTokenCount: output, totalTokenCount: input + output },
      modelVersion,
    });
    res.end();
  },
  cut(res, text, req) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    event(res, { candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }], modelVersion: modelOf(req.path) });
  },
};

export function geminiErrorBody(code: number, status: string, message: string): unknown {
  return { error: { code, message, status } };
}

export function startFakeGemini(script: Reply[]): Promise<FakeVendor> {
  return startFakeVendor(geminiWire, script);
}
