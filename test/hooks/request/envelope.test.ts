import { describe, expect, it } from 'vitest';
import { readRequest, readSubject } from '../../../src/hooks/request/envelope.js';
import { HookRequestError } from '../../../src/hooks/types.js';

const parent = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'team-a' }, spec: {} };
const object = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'team-b' } };
const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'team-a' } };

/** The code and detail a bad request is refused with. */
function refusal(fn: () => unknown): { code: string; detail: string; status: number } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HookRequestError);
    const e = err as HookRequestError;
    return { code: e.code, detail: e.detail, status: e.httpStatus };
  }
  throw new Error('expected a HookRequestError');
}

describe('request envelope: well-formed requests', () => {
  it('reads a composite sync: parent, children, related, finalizing, child types', () => {
    const children = { 'ConfigMap.v1': { 'team-a/c': cm }, 'Service.v1': {} };
    const related = { 'Secret.v1': {} };
    const req = readRequest({ controller: {}, parent, children, related, finalizing: false }, 'composite', 'sync');
    expect(req.subject).toBe(parent);
    expect(req.name).toBe('w');
    expect(req.namespace).toBe('team-a');
    // Handed back as they are: a well-formed map is neither copied nor rebuilt.
    expect(req.children).toBe(children);
    expect(req.related).toBe(related);
    expect(req.finalizing).toBe(false);
    expect([...req.childTypes]).toEqual(['ConfigMap.v1', 'Service.v1']);
  });

  it('reads a decorator sync: object, attachments as children', () => {
    const attachments = { 'ConfigMap.v1': { 'team-b/c': cm } };
    const req = readRequest({ object, attachments, related: {}, parent }, 'decorator', 'sync');
    expect(req.subject).toBe(object);
    expect(req.name).toBe('g');
    expect(req.namespace).toBe('team-b');
    expect(req.children).toBe(attachments);
    expect([...req.childTypes]).toEqual(['ConfigMap.v1']);
  });

  it('reads the finalizing flag only when it is true', () => {
    expect(readRequest({ parent, finalizing: true }, 'composite', 'finalize').finalizing).toBe(true);
    expect(readRequest({ object, finalizing: true }, 'decorator', 'sync').finalizing).toBe(true);
    expect(readRequest({ parent, finalizing: 'yes' }, 'composite', 'sync').finalizing).toBe(false);
    expect(readRequest({ parent }, 'composite', 'sync').finalizing).toBe(false);
  });

  it('reads customize from parent for both controller types; a decorator also takes object', () => {
    expect(readRequest({ parent }, 'composite', 'customize').subject).toBe(parent);
    expect(readRequest({ parent }, 'decorator', 'customize').subject).toBe(parent);
    expect(readRequest({ object }, 'decorator', 'customize').subject).toBe(object);
    // Both present: Metacontroller's own field wins.
    expect(readRequest({ parent, object }, 'decorator', 'customize').subject).toBe(parent);
    const req = readRequest({ parent }, 'composite', 'customize');
    expect(req.children).toEqual({});
    expect(req.related).toEqual({});
    expect(req.childTypes.size).toBe(0);
  });

  it('takes namespace default when the subject has none or an empty one', () => {
    expect(readRequest({ parent: { metadata: { name: 'w' } } }, 'composite', 'sync').namespace).toBe('default');
    expect(readRequest({ parent: { metadata: { name: 'w', namespace: '' } } }, 'composite', 'sync').namespace).toBe('default');
    expect(readSubject({ object: { metadata: { name: 'g', namespace: 7 } } }, 'decorator', 'sync').namespace).toBe('default');
  });

  it('accepts a subject of the expected kind, or without a kind', () => {
    expect(readRequest({ parent }, 'composite', 'sync', 'Widget').name).toBe('w');
    expect(readRequest({ parent: { metadata: { name: 'w' } } }, 'composite', 'sync', 'Widget').name).toBe('w');
  });
});

describe('request envelope: malformed maps', () => {
  it('an absent or non-object children/related map is empty', () => {
    for (const bad of [undefined, null, 'x', 7, [{ a: 1 }]]) {
      const req = readRequest({ parent, children: bad, related: bad }, 'composite', 'sync');
      expect(req.children).toEqual({});
      expect(req.related).toEqual({});
      expect(req.childTypes.size).toBe(0);
    }
  });

  it('a malformed group is emptied, keeps its type, and the request is not changed', () => {
    const children = { 'ConfigMap.v1': 7, 'Service.v1': { 'team-a/s': cm }, 'Secret.v1': [cm], 'Pdb.policy/v1': null };
    const related = { 'Secret.v1': 'x' };
    const req = readRequest({ parent, children, related }, 'composite', 'sync');
    expect(req.children).toEqual({ 'ConfigMap.v1': {}, 'Service.v1': { 'team-a/s': cm }, 'Secret.v1': {}, 'Pdb.policy/v1': {} });
    expect(req.related).toEqual({ 'Secret.v1': {} });
    expect([...req.childTypes]).toEqual(['ConfigMap.v1', 'Service.v1', 'Secret.v1', 'Pdb.policy/v1']);
    expect(children['ConfigMap.v1']).toBe(7);
    expect(related['Secret.v1']).toBe('x');
  });
});

describe('request envelope: requests nobody can answer', () => {
  it('a body that is not a JSON object is invalid_request', () => {
    for (const bad of [null, undefined, 'text', 42, [parent]]) {
      expect(refusal(() => readRequest(bad, 'composite', 'sync'))).toEqual({
        code: 'invalid_request',
        detail: 'request body must be a JSON object',
        status: 400,
      });
    }
  });

  it('a missing or non-object parent is missing_parent', () => {
    for (const bad of [{}, { parent: null }, { parent: 'x' }, { parent: [parent] }, { object }]) {
      expect(refusal(() => readRequest(bad, 'composite', 'sync'))).toEqual({
        code: 'missing_parent',
        detail: 'request has no "parent" object',
        status: 400,
      });
    }
    // Customize: neither parent nor object; a composite does not take object.
    expect(refusal(() => readSubject({ related: {} }, 'decorator', 'customize')).code).toBe('missing_parent');
    expect(refusal(() => readSubject({ object }, 'composite', 'customize')).code).toBe('missing_parent');
  });

  it('a decorator sync without object is missing_object, even with a parent', () => {
    expect(refusal(() => readRequest({ parent }, 'decorator', 'sync'))).toEqual({
      code: 'missing_object',
      detail: 'request has no "object" object',
      status: 400,
    });
  });

  // [what is wrong, the request, controller, what the refusal says]
  const badSubjects: [string, unknown, 'composite' | 'decorator', string, string][] = [
    ...[undefined, null, 'w', ['w']].map((metadata): [string, unknown, 'composite', string, string] => [
      `parent.metadata ${JSON.stringify(metadata)}`, { parent: { metadata } }, 'composite', 'invalid_parent', '"parent" has no metadata object',
    ]),
    ['object without metadata', { object: { spec: {} } }, 'decorator', 'invalid_object', '"object" has no metadata object'],
    ...[undefined, '', 7, null].map((name): [string, unknown, 'composite', string, string] => [
      `parent.metadata.name ${JSON.stringify(name)}`, { parent: { metadata: { name } } }, 'composite', 'invalid_parent', 'parent.metadata.name is required',
    ]),
    ['object without a name', { object: { metadata: {} } }, 'decorator', 'invalid_object', 'object.metadata.name is required'],
  ];
  it.each(badSubjects)('a subject with %s is refused by readRequest and readSubject alike', (_what, body, controller, code, detail) => {
    for (const read of [readRequest, readSubject]) {
      expect(refusal(() => read(body, controller, 'sync'))).toEqual({ code, detail, status: 400 });
    }
  });

  it('a subject of another kind is wrong_kind', () => {
    expect(refusal(() => readRequest({ parent }, 'composite', 'sync', 'AgentRuntime'))).toEqual({
      code: 'wrong_kind',
      detail: 'expected a subject of kind AgentRuntime, got Widget',
      status: 400,
    });
  });
});
