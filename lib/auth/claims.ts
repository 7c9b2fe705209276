/**
 * A person's groups from a token claim, as providers send them: a list (Cognito's
 * cognito:groups, Okta, Keycloak) or one comma-separated string. Anything else: no groups.
 */
export function groupsFromClaim(value: unknown): string[] {
  const groups = Array.isArray(value)
    ? value.filter((group): group is string => typeof group === 'string')
    : typeof value === 'string'
      ? value.split(',').map((group) => group.trim())
      : [];
  return [...new Set(groups.filter(Boolean))];
}
