import { describe, expect, it } from 'vitest';
import { looksSecret, maskSecretValues, restoreMaskedValues, SECRET_MASK } from './secrets';

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

describe('restoreMaskedValues', () => {
  const source = {
    family: 'backend-flask',
    containerDefinitions: [
      {
        name: 'backend-flask',
        environment: [
          { name: 'CONNECTION_URL', value: 'postgresql://root:pw@db/cruddur' },
          { name: 'FRONTEND_URL', value: 'https://cruddur.example' },
        ],
      },
      { name: 'xray', environment: [{ name: 'AUTH_TOKEN', value: 'xray-token' }] },
    ],
  };
  const draft = (containers: unknown[]) =>
    JSON.stringify({ family: 'backend-flask', containerDefinitions: containers }, null, 2);

  it('puts back each masked value from the same container and variable, in place', () => {
    const text = draft([
      {
        name: 'backend-flask',
        environment: [
          { name: 'CONNECTION_URL', value: SECRET_MASK },
          { name: 'FRONTEND_URL', value: 'https://new.example' },
        ],
      },
      { name: 'xray', environment: [{ name: 'AUTH_TOKEN', value: SECRET_MASK }] },
    ]);
    const restored = restoreMaskedValues(text, source);
    expect(restored).toBe(
      text
        .replace(SECRET_MASK, 'postgresql://root:pw@db/cruddur')
        .replace(SECRET_MASK, 'xray-token'),
    );
    expect(restored.split('\n')).toHaveLength(text.split('\n').length);
  });

  it('leaves a mask with no counterpart (renamed variable, other container) for the checker', () => {
    const text = draft([
      { name: 'backend-flask', environment: [{ name: 'DB_PASSWORD', value: SECRET_MASK }] },
      { name: 'worker', environment: [{ name: 'AUTH_TOKEN', value: SECRET_MASK }] },
      { name: 'xray', environment: [{ name: 'AUTH_TOKEN', value: `${SECRET_MASK} ` }] },
    ]);
    expect(restoreMaskedValues(text, source)).toBe(text);
  });

  it('restores nothing into a draft of another family (no carrying secrets across families)', () => {
    const text = JSON.stringify(
      {
        family: 'attacker-app',
        containerDefinitions: [
          { name: 'xray', environment: [{ name: 'AUTH_TOKEN', value: SECRET_MASK }] },
        ],
      },
      null,
      2,
    );
    expect(restoreMaskedValues(text, source)).toBe(text);
  });

  it('puts a value back where its mask is, past entries that are not objects', () => {
    // The checker refuses the stray entries with their line numbers; the restore must not
    // shift the value into them.
    const text = draft([
      null,
      'xray',
      { name: 'xray', environment: [7, { name: 'AUTH_TOKEN', value: SECRET_MASK }] },
    ]);
    expect(JSON.parse(restoreMaskedValues(text, source))).toEqual({
      family: 'backend-flask',
      containerDefinitions: [
        null,
        'xray',
        { name: 'xray', environment: [7, { name: 'AUTH_TOKEN', value: 'xray-token' }] },
      ],
    });
  });

  it('changes nothing in text that is not an object, or where the source has no value', () => {
    expect(restoreMaskedValues('not json', source)).toBe('not json');
    expect(restoreMaskedValues('null', source)).toBe('null');
    const text = draft([
      { name: 'xray', environment: [{ name: 'AUTH_TOKEN', value: SECRET_MASK }] },
    ]);
    const valueless = {
      family: 'backend-flask',
      containerDefinitions: [{ name: 'xray', environment: [{ name: 'AUTH_TOKEN' }] }],
    };
    expect(restoreMaskedValues(text, valueless)).toBe(text);
    expect(restoreMaskedValues(text, {})).toBe(text);
  });
});
