/** Places from URLs and headers, with a targets file of two targets and three regions. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inPlaceHref } from '@/components/targets/place-link';
import { resetEnvForTests } from '../env';
import { placeAnchor } from './anchor';
import {
  allPlaces,
  findPlace,
  hasTargets,
  inPlace,
  isPlaceId,
  placeBase,
  placeId,
  placeInScope,
  placeOfHeader,
  placeOfPath,
  unknownPlaceMessage,
} from './place';

const saved = process.env.BERTH_TARGETS_FILE;

beforeAll(() => {
  const file = join(mkdtempSync(join(tmpdir(), 'berth-places-')), 'targets.yaml');
  writeFileSync(
    file,
    `targets:
  - { name: prod, regions: [ca-central-1] }
  - { name: staging, profile: staging, regions: [us-east-1, ca-central-1] }
`,
  );
  process.env.BERTH_TARGETS_FILE = file;
  resetEnvForTests();
});

afterAll(() => {
  if (saved === undefined) delete process.env.BERTH_TARGETS_FILE;
  else process.env.BERTH_TARGETS_FILE = saved;
  resetEnvForTests();
});

const staging = () => findPlace('staging', 'us-east-1')!;

describe('places', () => {
  it('lists every region of every target in the file’s order', () => {
    expect(allPlaces().map(placeId)).toEqual([
      'prod/ca-central-1',
      'staging/us-east-1',
      'staging/ca-central-1',
    ]);
    expect(hasTargets()).toBe(true);
  });

  it('gives the default place today’s URLs and every other its /t/ prefix', () => {
    expect(allPlaces().map(placeBase)).toEqual([
      '',
      '/t/staging/us-east-1',
      '/t/staging/ca-central-1',
    ]);
  });

  it('reads the place and the page from a path', () => {
    expect(placeOfPath('/clusters/cruddur')).toEqual({ kind: 'none' });
    const named = placeOfPath('/t/staging/us-east-1/clusters/cruddur-staging');
    expect(named.kind === 'place' && [placeId(named.place), named.rest]).toEqual([
      'staging/us-east-1',
      '/clusters/cruddur-staging',
    ]);
    const bare = placeOfPath('/t/staging/ca-central-1');
    expect(bare.kind === 'place' && bare.rest).toBe('/');
    // The first target named in full is its place too, not only through today's URLs.
    expect(placeOfPath('/t/prod/ca-central-1/audit').kind).toBe('place');
    expect(placeOfPath('/t/prod/us-east-1/audit')).toEqual({
      kind: 'unknown',
      target: 'prod',
      region: 'us-east-1',
    });
    expect(placeOfPath('/t/%E0%A4%A/us-east-1')).toEqual({
      kind: 'unknown',
      target: '%E0%A4%A',
      region: 'us-east-1',
    });
  });

  it('says which places there are when a URL names another', () => {
    expect(unknownPlaceMessage('qa', 'eu-west-1')).toBe(
      'Berth has no target qa in region eu-west-1. It shows: prod/ca-central-1, staging/us-east-1, staging/ca-central-1 (BERTH_TARGETS_FILE).',
    );
  });

  it('keeps only a known place from a header, else the default', () => {
    expect([isPlaceId('staging/us-east-1'), isPlaceId('staging/eu-west-1'), isPlaceId('')]).toEqual(
      [true, false, false],
    );
    expect(placeId(placeOfHeader('staging/ca-central-1'))).toBe('staging/ca-central-1');
    expect(placeId(placeOfHeader('qa/us-east-1'))).toBe('prod/ca-central-1');
    expect(placeId(placeOfHeader(null))).toBe('prod/ca-central-1');
  });

  it('refuses to guess the place of an AWS call made outside one', () => {
    expect(placeId(inPlace(staging(), () => placeInScope()))).toBe('staging/us-east-1');
    expect(() => placeInScope()).toThrow(
      'Berth made an AWS call outside a place (lib/targets/place.ts: inPlace).',
    );
  });

  it('prefixes in-app links with the page’s place, and nothing else', () => {
    const base = placeBase(staging());
    expect(
      ['/clusters/x', '/', '//evil.example/x', '/auth/sign-out', 'https://aws.amazon.com/ecs/'].map(
        (href) => inPlaceHref(base, href),
      ),
    ).toEqual([
      '/t/staging/us-east-1/clusters/x',
      '/',
      '//evil.example/x',
      '/auth/sign-out',
      'https://aws.amazon.com/ecs/',
    ]);
    expect(inPlaceHref('', '/clusters/x')).toBe('/clusters/x');
    expect(placeAnchor('staging/us-east-1')).toBe('place-staging-us-east-1');
  });
});

describe('proxy.ts: a place URL is rewritten to its page on Berth’s own origin', () => {
  const rewriteOf = async (url: string) => {
    const { proxy } = await import('@/proxy');
    const response = await proxy(new NextRequest(url, { headers: { host: new URL(url).host } }));
    return [response.status, response.headers.get('x-middleware-rewrite') ?? ''] as const;
  };

  it('rewrites a place to its page with the query kept', async () => {
    expect(await rewriteOf('http://localhost:3000/t/staging/us-east-1/clusters/x?page=2')).toEqual([
      200,
      'http://localhost:3000/clusters/x?page=2',
    ]);
  });

  it.each(['//evil.example/x', '/\\evil.example/x', '/\\\\evil.example/x'])(
    'keeps the rest %j of a place URL on Berth’s origin, never another host',
    async (rest) => {
      const [status, rewrite] = await rewriteOf(`http://localhost:3000/t/staging/us-east-1${rest}`);
      expect(status).toBe(200);
      expect(new URL(rewrite).origin).toBe('http://localhost:3000');
    },
  );
});
