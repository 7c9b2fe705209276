/** How long a CloudWatch Logs group keeps lines, in words. Pure. */

/** "Never expire", "1 day", "30 days", "10 years": how long a group keeps lines. */
export function retentionText(days: number | undefined): string {
  if (days === undefined) return 'Never expire';
  if (days % 365 === 0 || days >= 731)
    return `${Math.round(days / 365.25)} ${Math.round(days / 365.25) === 1 ? 'year' : 'years'}`;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}
