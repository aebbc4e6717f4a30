import { describe, expect, it } from 'vitest';
import type { ObjectMap } from '../../../src/hooks/metacontroller.js';
import { findObject, objectsOf } from '../../../src/hooks/shared/objects.js';

const obj = (namespace: string, name: string, rv: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, resourceVersion: rv } });

describe('findObject', () => {
  const related: ObjectMap = {
    'Secret.v1': {
      'zeta/creds': obj('zeta', 'creds', '1'),
      'alpha/creds': obj('alpha', 'creds', '2'),
      'alpha/other': obj('alpha', 'other', '3'),
      broken: null as unknown as never,
    },
  };

  it('finds by name and namespace', () => {
    expect(findObject(related, 'Secret.v1', 'creds', 'zeta')?.metadata.resourceVersion).toBe('1');
    expect(findObject(related, 'Secret.v1', 'creds', 'beta')).toBeUndefined();
    expect(findObject(related, 'ConfigMap.v1', 'creds')).toBeUndefined();
  });

  it('without a namespace picks the first match in namespace/name order, whatever the map order', () => {
    expect(findObject(related, 'Secret.v1', 'creds')?.metadata.namespace).toBe('alpha');
    expect(findObject(related, 'Secret.v1', 'creds')).toBe(objectsOf(related, 'Secret.v1').find((o) => o.metadata.name === 'creds'));
  });
});
