// The image's contents, proven without a container engine (none runs here):
// a clean folder gets exactly what the Dockerfile's last stage copies — the
// files it names, the build stage's dist/ (this checkout's, which `npm test`
// has just built from the same sources), and `npm ci --omit=dev` — and each
// entrypoint starts from there as the pod runs it: uid 65532, the folder
// read-only to it, /tmp the only writable place. A dependency or a file the
// image lacks fails a start.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleUnits } from '../examples/support/files.js';
import { isKustomizeConfig, parseFile } from '../examples/support/parse.js';
import { simulate } from '../examples/support/simulate.js';
import { dockerfileStages } from '../manifests/dockerfile.js';
import { ROOT } from '../manifests/load.js';
import { loggedPort } from '../support/logged-port.js';
import { deploymentOf, startPod, type PodObject } from '../support/pod.js';

const POD_UID = 65532;
const asRoot = process.getuid?.() === 0;
const final = dockerfileStages().at(-1)!;
const build = dockerfileStages()[0]!;
const WORKDIR = final.lines.find((l) => /^WORKDIR\s/i.test(l))!.split(/\s+/)[1]!;

let image: string;
let app: string;

beforeAll(() => {
  image = mkdtempSync(join(tmpdir(), 'omnia-image-'));
  chmodSync(image, 0o755);
  app = join(image, WORKDIR);
  mkdirSync(app, { recursive: true });
  // The last stage, instruction by instruction; anything this test does not know fails it.
  for (const line of final.lines) {
    const [op, ...rest] = line.split(/\s+/);
    switch (op!.toUpperCase()) {
      case 'ENV':
      case 'WORKDIR':
      case 'USER':
      case 'EXPOSE':
      case 'ENTRYPOINT':
      case 'CMD':
        break;
      case 'COPY': {
        const from = rest[0]!.startsWith('--from=') ? rest.shift()!.slice('--from='.length) : undefined;
        const dest = join(app, rest.pop()!);
        for (const src of rest) {
          // From the build stage: its WORKDIR's outputs, here this checkout's build.
          const source = from ? join(ROOT, src.replace(new RegExp(`^${WORKDIR}/?`), '')) : join(ROOT, src);
          expect(from === undefined || from === build.name, `COPY --from=${from}`).toBe(true);
          expect(existsSync(source), `${source} (npm run build first)`).toBe(true);
          cpSync(source, rest.length > 1 || dest.endsWith('/') ? join(dest, src.split('/').pop()!) : dest, { recursive: true });
        }
        break;
      }
      case 'RUN': {
        const commands = rest.join(' ').split('&&').map((c) => c.trim());
        for (const c of commands) {
          if (/^npm cache clean/.test(c)) continue;
          expect(c, 'a RUN this test knows how to reproduce').toMatch(/^npm ci .*--omit=dev/);
          const run = spawnSync('npm', [...c.split(/\s+/).slice(1), '--prefer-offline'], { cwd: app, encoding: 'utf8', timeout: 300_000 });
          expect(run.status, run.stderr).toBe(0);
        }
        break;
      }
      default:
        throw new Error(`Dockerfile instruction the image test does not reproduce: ${line}`);
    }
  }
  // Read-only to the pod's user: everything belongs to root and nobody else may write.
  if (!asRoot) spawnSync('chmod', ['-R', 'a-w', app]);
}, 600_000);

afterAll(() => {
  if (image) {
    spawnSync('chmod', ['-R', 'u+w', image]);
    rmSync(image, { recursive: true, force: true });
  }
});

describe('the image as the Dockerfile assembles it', () => {
  it('holds the compiled programs and production dependencies only', () => {
    expect(existsSync(join(app, 'dist/cli.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/ws'))).toBe(true);
    for (const dev of ['vitest', 'typescript', 'fast-check', 'tsx']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'src')), 'no TypeScript sources').toBe(false);
    expect(existsSync(join(app, 'test')), 'no tests').toBe(false);
  });

  it('is read-only to the pod user', () => {
    for (const target of [join(app, 'x'), join(app, 'dist/cli.js'), join(app, 'node_modules/ws/index.js')]) {
      const run = spawnSync(process.execPath, ['-e', `require('fs').appendFileSync(${JSON.stringify(target)}, 'x')`], {
        encoding: 'utf8',
        ...(asRoot ? { uid: POD_UID, gid: POD_UID } : {}),
      });
      expect(run.status, target).not.toBe(0);
      expect(run.stderr).toMatch(/EACCES|EROFS|EPERM/);
    }
  });

  it('`hooks` starts as uid 65532 and answers /healthz', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'omnia-image-tmp-'));
    const child = spawn(process.execPath, [join(app, 'dist/cli.js'), 'hooks'], {
      cwd: '/',
      env: { PATH: process.env.PATH, HOME: tmp, TMPDIR: tmp, NODE_ENV: 'production', PORT: '0', HOOKS_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: POD_UID, gid: POD_UID } : {}),
    });
    try {
      const port = await loggedPort(child, 'hook server listening');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      child.kill('SIGKILL');
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('`facade` and `runtime` start as uid 65532 from the pod the hook builds, and answer', async () => {
    // The echo-function example: both containers, the runtime reading its pack, a real invocation.
    const unit = exampleUnits().find((u) => u.name.startsWith('echo-function'))!;
    const objects = unit.files.map(parseFile).flatMap((p) => p.docs.map((d) => d.object)).filter((o) => !isKustomizeConfig(o));
    const [agent] = simulate(objects, new Date('2026-03-01T12:00:00Z'));
    const podObjects = [...agent!.cluster, ...agent!.response.children].filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret');
    const pod = await startPod(deploymentOf(agent!.response.children), {
      objects: podObjects as unknown as PodObject[],
      command: (c) => ({ cmd: process.execPath, args: [join(app, 'dist/cli.js'), ...(c.args ?? [])], cwd: '/', ...(asRoot ? { uid: POD_UID, gid: POD_UID } : {}) }),
    });
    try {
      const res = await fetch(`http://127.0.0.1:${pod.port('facade', 'facade')}/functions/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'from the image' }),
      });
      expect(res.status, pod.logs('facade') + pod.logs('runtime')).toBe(200);
      expect(((await res.json()) as { output: unknown }).output).toEqual({ echo: 'from the image' });
    } finally {
      await pod.stop();
    }
  }, 60_000);
});
