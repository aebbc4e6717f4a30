import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionGroups } from '../../scripts/generate/children.js';
import { componentsOf, kustomization } from './controller-build.js';
import { kustomizationDirs, MANIFESTS, yamlFiles, type Doc } from './load.js';

const dirs = kustomizationDirs(MANIFESTS);
const rel = (d: string) => relative(MANIFESTS, d) || '.';

describe('kustomizations under manifests/', () => {
  it('installs namespace, CRDs, controllers and the hook server from the root', () => {
    expect(kustomization(MANIFESTS).resources).toEqual(['namespace.yaml', 'crds', 'controllers', 'hooks-server', 'admission']);
  });

  it.each(dirs.map((d) => [rel(d), d] as const))('%s: every resource exists', (_name, dir) => {
    for (const entry of kustomization(dir).resources ?? []) {
      const target = resolve(dir, entry);
      expect(existsSync(target), `${rel(dir)} → ${entry}`).toBe(true);
      if (statSync(target).isDirectory()) {
        expect(existsSync(join(target, 'kustomization.yaml')), `${entry} is a kustomization`).toBe(true);
      } else {
        // kustomize only loads files inside the kustomization's own root.
        expect(relative(dir, target).startsWith('..'), `${entry} lies inside ${rel(dir)}`).toBe(false);
      }
    }
  });

  it.each(dirs.map((d) => [rel(d), d] as const))('%s: every component exists and is a kustomize Component', (_name, dir) => {
    for (const entry of kustomization(dir).components ?? []) {
      const target = resolve(dir, entry);
      expect(existsSync(join(target, 'kustomization.yaml')), `${rel(dir)} → ${entry}`).toBe(true);
      expect((kustomization(target) as Doc).kind, entry).toBe('Component');
    }
  });

  it.each(dirs.map((d) => [rel(d), d] as const))('%s: every YAML file in the folder is referenced', (_name, dir) => {
    const k = kustomization(dir);
    const referenced = new Set([...(k.resources ?? []), ...(k.patches ?? []).flatMap((p) => (p.path ? [p.path] : []))]);
    for (const file of yamlFiles(dir)) {
      if (basename(file) === 'kustomization.yaml') continue;
      expect(referenced.has(basename(file)), `${rel(dir)}/${basename(file)} is not listed`).toBe(true);
    }
  });

  it('has no top-level namespace that kustomize would stamp onto cluster-scoped controllers', () => {
    for (const dir of dirs) expect((kustomization(dir) as Doc).namespace, rel(dir)).toBeUndefined();
  });
});

describe.each(['without-keda', 'without-gateway-api'])('overlays/%s', (overlay) => {
  const dir = join(MANIFESTS, 'overlays', overlay);

  it('carries an identical copy of the Namespace (kustomize cannot load ../../namespace.yaml)', () => {
    expect(readFileSync(join(dir, 'namespace.yaml'), 'utf8')).toBe(readFileSync(join(MANIFESTS, 'namespace.yaml'), 'utf8'));
  });

  it('includes everything the root installs', () => {
    const root = kustomization(MANIFESTS).resources ?? [];
    const overlay = (kustomization(dir).resources ?? []).map((r) => (r === 'namespace.yaml' ? r : relative(MANIFESTS, resolve(dir, r))));
    expect(overlay.sort()).toEqual([...root].sort());
  });
});

describe('optional child kinds (src/hooks/agentruntime/child-kinds.ts)', () => {
  const options = [...optionGroups().keys()];

  it('the root installs the component of every option, and nothing else', () => {
    expect(componentsOf(MANIFESTS).sort()).toEqual(options.map((o) => `components/${o}`).sort());
  });

  it.each(options)('overlays/without-%s installs everything but that option', (option) => {
    const overlay = join(MANIFESTS, `overlays/without-${option}`);
    expect(existsSync(join(overlay, 'kustomization.yaml')), `overlays/without-${option}`).toBe(true);
    expect(componentsOf(overlay).sort()).toEqual(componentsOf(MANIFESTS).filter((c) => c !== `components/${option}`).sort());
  });
});
