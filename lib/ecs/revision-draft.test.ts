import { describe, expect, it } from 'vitest';
import {
  appendToDraft,
  editDraft,
  fargateSizes,
  listOf,
  readDraft,
  withCpu,
} from './revision-draft';

const base = JSON.stringify(
  {
    family: 'backend-flask',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'backend-flask', image: 'repo:1' }],
  },
  null,
  2,
);

describe('readDraft', () => {
  it('reads an object whose containerDefinitions is a list of objects', () => {
    expect(readDraft(base)).toEqual({
      family: 'backend-flask',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'backend-flask', image: 'repo:1' }],
    });
  });

  it.each([
    ['not JSON', '{ "family": '],
    ['a trailing comma', '{ "containerDefinitions": [], }'],
    ['a list', '[]'],
    ['null', 'null'],
    ['no containers', '{ "family": "a" }'],
    ['containers not a list', '{ "containerDefinitions": {} }'],
    ['a container not an object', '{ "containerDefinitions": [{}, "x"] }'],
    ['a container that is null', '{ "containerDefinitions": [null] }'],
  ])('leaves %s to the JSON view', (_, text) => {
    expect(readDraft(text)).toBeUndefined();
  });

  it('takes an empty container list (the checker says what is missing)', () => {
    expect(readDraft('{ "containerDefinitions": [] }')).toEqual({ containerDefinitions: [] });
  });
});

describe('editDraft and appendToDraft', () => {
  it('sets a field in place, keeping every other line as it was', () => {
    const next = editDraft(base, ['containerDefinitions', 0, 'image'], 'repo:2');
    expect(next).toBe(base.replace('"repo:1"', '"repo:2"'));
  });

  it('removes a field or a list item with undefined', () => {
    expect(readDraft(editDraft(base, ['memory'], undefined))).not.toHaveProperty('memory');
    const two = appendToDraft(
      appendToDraft(base, ['containerDefinitions', 0, 'environment'], { name: 'A', value: '1' }),
      ['containerDefinitions', 0, 'environment'],
      { name: 'B', value: '2' },
    );
    const one = editDraft(two, ['containerDefinitions', 0, 'environment', 0], undefined);
    expect(readDraft(one)?.containerDefinitions[0]?.environment).toEqual([
      { name: 'B', value: '2' },
    ]);
  });

  it('creates a missing list and appends to the end of an existing one, with two-space indents', () => {
    const once = appendToDraft(base, ['containerDefinitions', 0, 'environment'], {
      name: 'A',
      value: '1',
    });
    expect(once).toContain(
      '      "environment": [\n        {\n          "name": "A",\n          "value": "1"\n        }\n      ]',
    );
    const twice = appendToDraft(once, ['containerDefinitions', 0, 'environment'], {
      name: 'B',
      value: '2',
    });
    const thrice = appendToDraft(twice, ['containerDefinitions', 0, 'environment'], {
      name: 'C',
      value: '3',
    });
    expect(readDraft(thrice)?.containerDefinitions[0]?.environment).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
      { name: 'C', value: '3' },
    ]);
  });
});

describe('listOf', () => {
  it('keeps the objects of a list and nothing else', () => {
    expect(listOf([{ a: 1 }, null, 'x', [1], { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(listOf(undefined)).toEqual([]);
    expect(listOf({ a: 1 })).toEqual([]);
  });
});

describe('Fargate sizes', () => {
  it('offers every cpu and only the memory values valid for the chosen one', () => {
    expect(fargateSizes('256')).toEqual({
      cpus: [256, 512, 1024, 2048, 4096, 8192, 16384],
      memories: [512, 1024, 2048],
    });
    expect(fargateSizes(512).memories).toEqual([1024, 2048, 3072, 4096]);
    expect(fargateSizes('300').memories).toEqual([]);
    expect(fargateSizes(undefined).memories).toEqual([]);
  });

  it('keeps the memory when the new cpu allows it, else takes its smallest', () => {
    const keep = withCpu(base.replace('"512"', '"1024"'), 512, '1024');
    expect(readDraft(keep)).toMatchObject({ cpu: '512', memory: '1024' });
    const smallest = withCpu(base, 1024, '512');
    expect(readDraft(smallest)).toMatchObject({ cpu: '1024', memory: '2048' });
    const absent = withCpu(editDraft(base, ['memory'], undefined), 256, undefined);
    expect(readDraft(absent)).toMatchObject({ cpu: '256', memory: '512' });
  });
});

describe('readDraft on hostile text', () => {
  it('refuses nesting deeper than 32 without parsing it (10,000 levels would overflow)', () => {
    const deep = `{"containerDefinitions":[{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}]}`;
    expect(readDraft(deep)).toBeUndefined();
    const edge = `{"containerDefinitions":[{"x":${'['.repeat(29)}${']'.repeat(29)}}]}`;
    expect(readDraft(edge)?.containerDefinitions).toHaveLength(1);
    const over = `{"containerDefinitions":[{"x":${'['.repeat(30)}${']'.repeat(30)}}]}`;
    expect(readDraft(over)).toBeUndefined();
  });
});
