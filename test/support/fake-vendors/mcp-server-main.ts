// The MCP test server (./mcp-server.ts) as a program, standing for a tool
// server image in a ToolServer pod run as local processes (test/support/pod.ts):
// it listens on MCP_PORT, and like a real server that needs its credential it
// refuses to start without CALC_TOKEN (the pod's secretKeyRef env).
import { startMcpServer } from './mcp-server.js';

const port = Number(process.env.MCP_PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('MCP_PORT must be a port number');
  process.exit(2);
}
if (!process.env.CALC_TOKEN) {
  console.error('CALC_TOKEN is not set');
  process.exit(3);
}
const server = await startMcpServer(port);
console.log(`MCP server at ${server.url}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
