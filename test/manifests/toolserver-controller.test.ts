// The ToolServer CompositeController declares exactly the child kinds the hook
// emits (src/hooks/toolserver/child-kinds.ts), in order and with their update
// strategies; the AgenticWorkforce DecoratorController decorates its kind.
// (Both are validated against Metacontroller's CRDs by controllers.test.ts.)

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOLSERVER_CHILD_KINDS } from '../../src/hooks/toolserver/child-kinds.js';
import { get, MANIFESTS, readDocs, type Doc } from './load.js';

const controller = (file: string): Doc => readDocs(join(MANIFESTS, 'controllers', file))[0] as Doc;

describe('the ToolServer CompositeController', () => {
  const doc = controller('toolserver.yaml');

  it('watches toolservers and generates selectors', () => {
    expect(doc.kind).toBe('CompositeController');
    expect(get(doc, 'spec', 'parentResource')).toEqual({ apiVersion: 'omnia.altairalabs.ai/v1alpha1', resource: 'toolservers' });
    expect(get(doc, 'spec', 'generateSelector')).toBe(true);
  });

  it('declares the child kinds of the table, in its order, with their strategies', () => {
    expect(get(doc, 'spec', 'childResources')).toEqual(
      Object.values(TOOLSERVER_CHILD_KINDS).map((k) => ({ apiVersion: k.apiVersion, resource: k.resource, updateStrategy: { method: k.updateStrategy } })),
    );
  });

  it('has a sync hook only (it relates nothing)', () => {
    expect(Object.keys(get(doc, 'spec', 'hooks') as Doc)).toEqual(['sync']);
  });
});

describe('the AgenticWorkforce DecoratorController', () => {
  const doc = controller('agenticworkforce.yaml');

  it('decorates agenticworkforces with customize and sync hooks, and owns nothing', () => {
    expect(doc.kind).toBe('DecoratorController');
    expect(get(doc, 'spec', 'resources')).toEqual([{ apiVersion: 'omnia.altairalabs.ai/v1alpha1', resource: 'agenticworkforces' }]);
    expect(get(doc, 'spec', 'attachments')).toBeUndefined();
    expect(Object.keys(get(doc, 'spec', 'hooks') as Doc).sort()).toEqual(['customize', 'sync']);
  });
});
