import { describe, expect, it } from 'vitest';
import { looksSecret } from './secrets';

describe('looksSecret', () => {
  it.each([
    ['ROLLBAR_ACCESS_TOKEN', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['CONNECTION_URL', true],
    ['DB_PASSWORD', true],
    ['STRIPE_API_KEY', true],
    ['FRONTEND_URL', false],
    ['OTEL_SERVICE_NAME', false],
    ['AWS_DEFAULT_REGION', false],
  ])('%s -> %s', (name, secret) => {
    expect(looksSecret(name)).toBe(secret);
  });
});
