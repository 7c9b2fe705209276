import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEnv, SETTING_NAMES } from './env';

describe('parseEnv', () => {
  it('uses the sandbox region when only an endpoint is set', () => {
    expect(parseEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })).toMatchObject({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4566',
      refreshSeconds: 5,
    });
  });

  it('leaves the region to the AWS profile when nothing is set', () => {
    expect(parseEnv({}).region).toBeUndefined();
    expect(parseEnv({ AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
  });

  it('refuses bad settings with what to set', () => {
    expect(() => parseEnv({ AWS_REGION: 'Frankfurt', BERTH_REFRESH_SECONDS: '0' })).toThrow(
      /Berth cannot start[\s\S]*AWS_REGION must be a region code such as us-east-1[\s\S]*BERTH_REFRESH_SECONDS must be at least 1/,
    );
    expect(() => parseEnv({ AWS_ENDPOINT_URL: 'localhost' })).toThrow(
      /AWS_ENDPOINT_URL must be a URL/,
    );
  });
});

describe('the README', () => {
  it('has a settings row for every variable Berth reads, and none for one it does not', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| variable '), readme.indexOf('Bad values stop'));
    const rows = [...table.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1]);
    expect(rows.sort()).toEqual([...SETTING_NAMES].sort());
    expect(SETTING_NAMES).toHaveLength(14);
  });
});
