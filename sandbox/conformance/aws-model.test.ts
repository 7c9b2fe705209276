import { describe, expect, it } from 'vitest';
import { conformanceErrors, modelledErrors, type Model } from './aws-model.js';

/** A small model in botocore's form, with one shape of each kind the checker reads. */
const model: Model = {
  metadata: { protocol: 'json' },
  operations: {
    Describe: {
      name: 'Describe',
      output: { shape: 'Out' },
      errors: [{ shape: 'NotFoundException' }, { shape: 'BadValueException' }],
    },
  },
  shapes: {
    Out: {
      type: 'structure',
      required: ['id'],
      members: {
        id: { shape: 'Id' },
        count: { shape: 'Count' },
        ratio: { shape: 'Ratio' },
        status: { shape: 'Status' },
        tags: { shape: 'Tags', locationName: 'TagSet' },
        labels: { shape: 'Labels' },
        at: { shape: 'At' },
        flag: { shape: 'Flag' },
        choice: { shape: 'Choice' },
        data: { shape: 'Data' },
        name: { shape: 'Printable' },
      },
    },
    Id: { type: 'string', min: 2, max: 4 },
    Count: { type: 'integer', min: 0, max: 10 },
    Ratio: { type: 'double' },
    Status: { type: 'string', enum: ['ACTIVE', 'DRAINING'] },
    Tags: { type: 'list', member: { shape: 'Id' }, max: 2 },
    Labels: { type: 'map', key: { shape: 'Id' }, value: { shape: 'Count' } },
    At: { type: 'timestamp' },
    Flag: { type: 'boolean' },
    Choice: { type: 'structure', union: true, members: { a: { shape: 'Id' }, b: { shape: 'Id' } } },
    Data: { type: 'blob' },
    Printable: { type: 'string', pattern: '^\\p{Print}+$' },
    NotFoundException: { type: 'structure', exception: true, members: {} },
    BadValueException: {
      type: 'structure',
      exception: true,
      error: { code: 'BadValue' },
      members: {},
    },
  },
};
const check = (value: unknown, protocol: 'json' | 'xml' = 'json') =>
  conformanceErrors(model, 'Out', value, protocol);

describe('conformanceErrors', () => {
  it('passes an answer that is exactly what the model says', () => {
    expect(
      check({
        id: 'ab',
        count: 10,
        ratio: 0.5,
        status: 'DRAINING',
        tags: ['abc', 'abcd'],
        labels: { ab: 0 },
        at: 1764700000.123,
        flag: false,
        choice: { b: 'abc' },
        data: 'aGVsbG8=',
        name: 'Cruddur ~ prod',
      }),
    ).toEqual([]);
  });

  it('names each member that is invented, null, missing or of the wrong kind', () => {
    expect(check({ count: 1.5, extra: 1, status: null })).toEqual([
      '$.count: expected a whole number, got 1.5 (Count)',
      '$.extra: not a member of Out',
      '$.status: null is never sent',
      '$.id: required by Out, missing',
    ]);
    expect(check({ id: 'ab', flag: 'true', at: '2026-12-03T00:00:00Z', ratio: 'x' })).toEqual([
      '$.flag: expected a boolean, got "true" (Flag)',
      '$.at: expected a unixTimestamp timestamp, got "2026-12-03T00:00:00Z" (At)',
      '$.ratio: expected a number, got "x" (Ratio)',
    ]);
  });

  it('holds values to enums, lengths, ranges, patterns, base64 and unions', () => {
    expect(
      check({
        id: 'abcde',
        count: 11,
        status: 'active',
        tags: ['ab', 'ab', 'ab'],
        labels: { a: -1 },
        choice: { a: 'ab', b: 'ab' },
        data: 'not base64!',
        name: 'tab\there',
      }),
    ).toEqual([
      '$.id: length 5 outside 2..4 (Id)',
      '$.count: value 11 outside 0..10 (Count)',
      '$.status: "active" is not one of ACTIVE, DRAINING (Status)',
      '$.tags: length 3 outside -∞..2 (Tags)',
      '$.labels{a}: length 1 outside 2..4 (Id)',
      '$.labels.a: value -1 outside 0..10 (Count)',
      '$.choice: a union sets exactly one member, got 2',
      '$.data: expected base64, got "not base64!" (Data)',
      '$.name: "tab\\there" does not match ^\\p{Print}+$ (Printable)',
    ]);
  });

  it('reads the query protocol: strings for scalars, <member> lists, XML names, ISO times', () => {
    expect(
      check(
        {
          id: 'ab',
          count: '3',
          flag: 'true',
          at: '2026-12-03T10:00:00.000Z',
          TagSet: { member: ['ab', 'cd'] },
          labels: { entry: [{ key: 'ab', value: '1' }] },
        },
        'xml',
      ),
    ).toEqual([]);
    expect(check({ id: 'ab', TagSet: '', at: '1764700000', flag: 'yes', tags: '' }, 'xml')).toEqual(
      [
        '$.at: expected a iso8601 timestamp, got "1764700000" (At)',
        '$.flag: expected a boolean, got "yes" (Flag)',
        '$.tags: not a member of Out',
      ],
    );
  });

  it('lists an operation errors by shape name and by query code', () => {
    expect(modelledErrors(model, model.operations.Describe!)).toEqual([
      'NotFoundException',
      'BadValueException',
      'BadValue',
    ]);
  });
});
