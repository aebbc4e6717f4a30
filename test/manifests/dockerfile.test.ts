// No Docker engine in CI: what can be checked about the image without building it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './load.js';
import { dockerfileStages, type Stage } from './dockerfile.js';

const all = dockerfileStages();
const final = all.at(-1) as Stage;
const instr = (stage: Stage, name: string) => stage.lines.filter((l) => l.toUpperCase().startsWith(`${name} `));
const buildConfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
  compilerOptions: { rootDir: string; outDir: string };
};

describe('Dockerfile', () => {
  it('is multi-stage on the Node.js major version package.json and the README require', () => {
    const engines = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const major = /^>=(\d+)$/.exec(engines.engines.node)?.[1];
    expect(major).toBeDefined();
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`Node.js ≥ ${major}`);
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const s of all) expect(s.from).toBe(`node:${major}-bookworm-slim`);
  });

  it('builds with the full dependencies and ships production dependencies only', () => {
    const build = all[0] as Stage;
    expect(instr(build, 'RUN').some((l) => /npm ci\b/.test(l) && !/--omit=dev/.test(l))).toBe(true);
    expect(instr(build, 'RUN').some((l) => /npm run build/.test(l))).toBe(true);
    expect(instr(final, 'RUN').some((l) => /npm ci\b.*--omit=dev/.test(l))).toBe(true);
    expect(instr(final, 'COPY').some((l) => new RegExp(`--from=${build.name ?? '0'}\\s+/app/dist\\b`).test(l))).toBe(true);
  });

  it('runs as a numeric non-root user', () => {
    const users = instr(final, 'USER');
    expect(users).toHaveLength(1);
    const m = /^USER\s+(\d+)(?::(\d+))?$/i.exec(users[0] as string);
    expect(m, 'USER must be numeric so runAsNonRoot can be verified').not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThan(0);
    // USER comes after everything that needs root (npm ci).
    expect(final.lines.findIndex((l) => /^USER/i.test(l))).toBeGreaterThan(final.lines.findIndex((l) => /^RUN/i.test(l)));
  });

  it('starts the compiled cli from the tsconfig.build outDir, hooks by default', () => {
    const entrypoint = JSON.parse((instr(final, 'ENTRYPOINT')[0] ?? '').replace(/^ENTRYPOINT\s+/i, '')) as string[];
    expect(entrypoint[0]).toBe('node');
    const outDir = buildConfig.compilerOptions.outDir.replace(/^\.\//, '');
    expect(entrypoint[1]).toBe(`/app/${outDir}/cli.js`);
    // rootDir src → src/cli.ts compiles to <outDir>/cli.js
    expect(buildConfig.compilerOptions.rootDir).toBe('src');
    expect(existsSync(join(ROOT, 'src/cli.ts'))).toBe(true);
    expect(JSON.parse((instr(final, 'CMD')[0] ?? '').replace(/^CMD\s+/i, ''))).toEqual(['hooks']);
    expect(instr(final, 'EXPOSE')[0]?.split(/\s+/).slice(1).sort()).toEqual(['8080', '8081', '9001']);
  });

  it('has the three programs the cli dispatches to', () => {
    const cli = readFileSync(join(ROOT, 'src/cli.ts'), 'utf8');
    for (const program of ['hooks', 'facade', 'runtime']) {
      expect(existsSync(join(ROOT, `src/${program}/main.ts`)), program).toBe(true);
      expect(cli).toContain(`import('./${program}/main.js')`);
    }
  });

  it('ships every file the compiled code reads relative to itself', () => {
    // `new URL('<relative>', import.meta.url)` in src/x/y.ts is read from dist/x/y.js at run time.
    const copied = instr(final, 'COPY').map((l) => l.split(/\s+/).at(-1)?.replace(/^\.\//, '').replace(/\/$/, ''));
    const needed = new Set<string>();
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/new URL\(\s*'([^']+)',\s*import\.meta\.url\s*\)/g)) {
        const inDist = join(ROOT, 'dist', relative(join(ROOT, 'src'), dirname(file)));
        const target = relative(ROOT, resolve(inDist, m[1] as string));
        needed.add(target.split(sep)[0] as string);
      }
    }
    expect(needed.size).toBeGreaterThan(0);
    for (const top of needed) expect(copied, `${top}/ is read at run time`).toContain(top);
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const top of [...needed, 'src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
      expect(ignored, top).not.toContain(top);
    }
    for (const excluded of ['node_modules', 'dist', '.git']) expect(ignored).toContain(excluded);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}
