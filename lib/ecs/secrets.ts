import { applyEdits, modify, parse } from 'jsonc-parser';
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

type Named = { name?: unknown; value?: unknown };
/** The objects of a JSON array, each with its index there: a stray entry keeps its place. */
const entries = (value: unknown): [number, Named][] =>
  Array.isArray(value)
    ? value.flatMap((v, i): [number, Named][] =>
        typeof v === 'object' && v !== null ? [[i, v as Named]] : [],
      )
    : [];

/**
 * The registration text with each environment value that is exactly `SECRET_MASK` put back from
 * `source`, the revision the editor started from (same family, container and variable name): leaving a
 * masked secret alone in the editor means keeping it, and its value never reaches the browser.
 * A mask with no counterpart stays, for the checker to refuse with how to fix it. Edits are made
 * in place, so the checker's line numbers still match the text the person sees.
 */
export function restoreMaskedValues(text: string, source: Record<string, unknown>): string {
  const draft: unknown = parse(text);
  if (typeof draft !== 'object' || draft === null) return text;
  // Only within one family: a draft of another family would carry this family's secrets to a
  // revision its registrant may control, past the role that guards this family.
  if ((draft as { family?: unknown }).family !== source.family) return text;
  const containers = entries((draft as { containerDefinitions?: unknown }).containerDefinitions);
  const sourceContainers = entries(source.containerDefinitions).map(([, s]) => s);
  let restored = text;
  for (const [c, container] of containers) {
    const original = sourceContainers.find((s) => s.name === container.name) as
      { environment?: unknown } | undefined;
    const kept = entries(original?.environment).map(([, o]) => o);
    for (const [v, variable] of entries((container as { environment?: unknown }).environment)) {
      if (variable.value !== SECRET_MASK) continue;
      const value = kept.find((o) => o.name === variable.name)?.value;
      if (typeof value !== 'string') continue;
      const path = ['containerDefinitions', c, 'environment', v, 'value'];
      restored = applyEdits(restored, modify(restored, path, value, {}));
    }
  }
  return restored;
}
