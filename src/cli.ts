#!/usr/bin/env node
// `omnia`: the image's one entrypoint (`hooks`, `facade`, `runtime`; `hooks`
// when no command is given, as the image has always run it) and the tools a
// platform team uses on its own machine (`render`, `validate`, `chat`,
// `invoke`; docs/cli.md). Each command's module is loaded only when that
// command runs, so the hook server never loads the LLM SDKs and the tools never
// load a server.
import { Command, CommanderError, Option } from 'commander';

/** Exit codes: 1 the command's own failure (a Failed status, an invalid object, an error reply), 2 bad usage or input. */
const USAGE_ERROR = 2;

type Action = () => Promise<number | void>;

/** Runs an action, turning a thrown error into a message and exit 2 (unreadable file, bad YAML, bad flag value). */
async function run(action: Action): Promise<void> {
  try {
    const code = await action();
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    process.stderr.write(`omnia: ${(err as Error).message}\n`);
    process.exitCode = USAGE_ERROR;
  }
}

const credentials = (cmd: Command): Command =>
  cmd
    .option('--api-key <key>', 'API key, sent as Authorization: Bearer (env OMNIA_API_KEY)')
    .option('--token <jwt>', 'bearer token, used instead of an API key (env OMNIA_TOKEN)');

export function program(): Command {
  const omnia = new Command('omnia')
    .description('AgentRuntime platform for AI agents on Kubernetes: the pod programs and offline tools')
    .showHelpAfterError('(omnia --help lists the commands)')
    .exitOverride();

  omnia.command('hooks').description('the Metacontroller hook server (the default command)').action(() => run(async () => void (await import('./hooks/main.js'))));
  omnia.command('facade').description("the agent pod's front door (WebSocket, A2A, OpenAI-compatible, function HTTP, health, metrics)").action(() => run(async () => void (await import('./facade/main.js'))));
  omnia.command('runtime').description("the agent pod's LLM runtime (port 9000)").action(() => run(async () => void (await import('./runtime/main.js'))));

  omnia
    .command('render')
    .description('run the controllers offline over your manifests (like crossplane render); print statuses and children')
    .argument('<files...>', 'YAML/JSON files (multi-document), directories of them, or - for stdin')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--now <time>', 'the time the hooks see, RFC 3339 (default: now)')
    .action((files: string[], opts: { output: 'yaml' | 'json'; now?: string }) =>
      run(async () => (await import('./cli/render.js')).runRender(files, opts)),
    );

  omnia
    .command('validate')
    .description("check custom resources against the CRD schemas and CEL rules, offline")
    .argument('<files...>', 'YAML/JSON files (multi-document), directories of them, or - for stdin')
    .action((files: string[]) => run(async () => (await import('./cli/validate.js')).runValidate(files)));

  credentials(
    omnia
      .command('chat')
      .description('chat with an agent over its WebSocket, one message per input line')
      .argument('<url>', 'the facade, e.g. ws://localhost:8090/ws?agent=demo (http(s) and a bare host work too)')
      .option('--session <id>', 'resume this session'),
  ).action((url: string, opts: { session?: string; apiKey?: string; token?: string }) =>
    run(async () => (await import('./cli/chat.js')).runChat(url, opts)),
  );

  credentials(
    omnia
      .command('invoke')
      .description('call a function-mode AgentRuntime; print its output or its error')
      .argument('<url>', 'the function, e.g. http://localhost:8080/functions/echo')
      .requiredOption('-d, --data <json>', 'the input: JSON text, @file, or - for stdin'),
  ).action((url: string, opts: { data: string; apiKey?: string; token?: string }) =>
    run(async () => (await import('./cli/invoke.js')).runInvoke(url, opts)),
  );

  return omnia;
}

const args = process.argv.slice(2);
try {
  await program().parseAsync(args.length === 0 ? ['hooks'] : args, { from: 'user' });
} catch (err) {
  // exitOverride: commander throws instead of exiting; --help and --version are not errors.
  if (!(err instanceof CommanderError)) throw err;
  process.exitCode = err.exitCode === 0 ? 0 : USAGE_ERROR;
}
