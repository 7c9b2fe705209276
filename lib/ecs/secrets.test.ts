import { describe, expect, it } from 'vitest';
import { looksSecret, maskSecretValues } from './secrets';

describe('looksSecret', () => {
  it.each([
    ['ROLLBAR_ACCESS_TOKEN', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['CONNECTION_URL', true],
    ['DB_PASSWORD', true],
    ['STRIPE_API_KEY', true],
    ['STRIPE_APIKEY', true],
    ['AWS_ACCESSKEY', true],
    ['SENTRY_DSN', true],
    ['GITHUB_AUTH', true],
    ['FRONTEND_URL', false],
    ['OTEL_SERVICE_NAME', false],
    ['AWS_DEFAULT_REGION', false],
  ])('%s -> %s', (name, secret) => {
    expect(looksSecret(name)).toBe(secret);
  });
});

describe('maskSecretValues', () => {
  it('masks secret-looking environment values in every container and leaves the rest', () => {
    const registration = {
      family: 'backend-flask',
      containerDefinitions: [
        {
          name: 'app',
          environment: [
            { name: 'HONEYCOMB_API_KEY', value: 'hc-123' },
            { name: 'FRONTEND_URL', value: 'https://x' },
          ],
        },
        { name: 'side', environment: [{ name: 'DB_PASSWORD', value: 'pw' }] },
      ],
    };
    expect(maskSecretValues(registration, 'MASKED')).toEqual({
      family: 'backend-flask',
      containerDefinitions: [
        {
          name: 'app',
          environment: [
            { name: 'HONEYCOMB_API_KEY', value: 'MASKED' },
            { name: 'FRONTEND_URL', value: 'https://x' },
          ],
        },
        { name: 'side', environment: [{ name: 'DB_PASSWORD', value: 'MASKED' }] },
      ],
    });
    expect(registration.containerDefinitions[0]?.environment[0]?.value).toBe('hc-123');
  });
});
