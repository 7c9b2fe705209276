/** Environment variable names that usually hold secrets: their values are masked until clicked. */
const SECRET_NAME =
  /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|CONNECTION_URL|DATABASE_URL|DSN|AUTH)/i;

export const looksSecret = (name: string) => SECRET_NAME.test(name);

/** What Berth shows instead of a secret-looking value. Never a value anyone would register. */
export const SECRET_MASK = '••••••';

/**
 * A copy of a task definition registration with the values of secret-looking environment
 * variables replaced by `placeholder` (the audit trail and the JSON view show this, not the
 * value); a function placeholder is given the value, to fingerprint it for a diff.
 */
export function maskSecretValues(
  registration: Record<string, unknown>,
  placeholder: string | ((value: unknown) => string) = SECRET_MASK,
): Record<string, unknown> {
  const mask = typeof placeholder === 'string' ? () => placeholder : placeholder;
  return JSON.parse(
    JSON.stringify(registration, (key, value: unknown) => {
      if (key === 'environment' && Array.isArray(value)) {
        return (value as { name?: unknown; value?: unknown }[]).map((v) =>
          typeof v?.name === 'string' && looksSecret(v.name) ? { ...v, value: mask(v.value) } : v,
        );
      }
      return value;
    }),
  ) as Record<string, unknown>;
}
