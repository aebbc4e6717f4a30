#!/usr/bin/env node
// `omnia [hooks|facade|runtime]`: the image's one entrypoint. Each program is
// loaded only when asked for, so the hook server never loads the LLM SDKs.
const programs = {
  hooks: () => import('./hooks/main.js'),
  facade: () => import('./facade/main.js'),
  runtime: () => import('./runtime/main.js'),
} as const;

const USAGE = `usage: omnia [hooks|facade|runtime]

  hooks     Metacontroller hook server (default; PORT, default 8080)
  facade    the agent pod's front door (WebSocket, A2A, OpenAI-compatible, function HTTP, health, metrics)
  runtime   the agent pod's LLM runtime (port 9000)
`;

const command = process.argv[2] ?? 'hooks';

if (command === '-h' || command === '--help' || command === 'help') {
  process.stdout.write(USAGE);
} else if (Object.hasOwn(programs, command)) {
  await programs[command as keyof typeof programs]();
} else {
  process.stderr.write(`omnia: unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = 2;
}
