import { describe, expect, it } from 'vitest';
import { callerFromHeaders, LOCAL_CALLER, noIdentityMessage } from './identity';

const SECRET = 's'.repeat(40);
const headers = (values: Record<string, string>) => new Headers(values);

describe('callerFromHeaders', () => {
  it('is "local" in none mode, whatever the headers claim', () => {
    expect(
      callerFromHeaders(headers({ 'x-forwarded-email': 'ceo@example.com' }), 'none', undefined),
    ).toEqual({ id: 'local', groups: [], mode: 'none' });
    expect(LOCAL_CALLER.id).toBe('local');
  });

  it('believes the proxy only with its secret: email and groups (trimmed, deduplicated)', () => {
    expect(
      callerFromHeaders(
        headers({
          'x-berth-proxy-secret': SECRET,
          'x-forwarded-email': ' dev@example.com ',
          'x-forwarded-groups': 'platform-team, dev,,platform-team',
        }),
        'proxy',
        SECRET,
      ),
    ).toEqual({ id: 'dev@example.com', groups: ['platform-team', 'dev'], mode: 'proxy' });
  });

  it.each([
    ['no secret', { 'x-forwarded-email': 'dev@example.com' }],
    [
      'a wrong secret',
      { 'x-berth-proxy-secret': 'x'.repeat(40), 'x-forwarded-email': 'dev@example.com' },
    ],
    [
      'the secret with a suffix',
      { 'x-berth-proxy-secret': `${SECRET}x`, 'x-forwarded-email': 'dev@example.com' },
    ],
    ['no email', { 'x-berth-proxy-secret': SECRET }],
    ['an email list', { 'x-berth-proxy-secret': SECRET, 'x-forwarded-email': 'a@x.io,b@x.io' }],
    ['a name, not an email', { 'x-berth-proxy-secret': SECRET, 'x-forwarded-email': 'dev' }],
  ])('has no caller with %s', (_, values) => {
    expect(callerFromHeaders(headers(values), 'proxy', SECRET)).toBeUndefined();
  });

  it('believes nobody when Berth has no proxy secret configured', () => {
    expect(
      callerFromHeaders(
        headers({ 'x-berth-proxy-secret': '', 'x-forwarded-email': 'dev@example.com' }),
        'proxy',
        undefined,
      ),
    ).toBeUndefined();
  });

  it('reads groups as none when the header is absent', () => {
    expect(
      callerFromHeaders(
        headers({ 'x-berth-proxy-secret': SECRET, 'x-forwarded-email': 'dev@example.com' }),
        'proxy',
        SECRET,
      )?.groups,
    ).toEqual([]);
  });
});

describe('noIdentityMessage', () => {
  it('tells each sign-in mode where to sign in', () => {
    expect((['oidc', 'alb', 'proxy'] as const).map((mode) => noIdentityMessage(mode))).toEqual([
      'Berth does not know who you are: sign in at /auth/sign-in.',
      'Berth does not know who you are: sign in through the load balancer in front of it.',
      'Berth does not know who you are: sign in through the proxy in front of it.',
    ]);
  });
});
