/** ECR scan severities, most severe first, as a person reads a scan. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];

/** 0 for CRITICAL, …; a severity ECR may add later sorts last. */
export function severityRank(severity: string): number {
  const at = SEVERITIES.indexOf(severity);
  return at < 0 ? SEVERITIES.length : at;
}

/** "2 medium · 5 low", most severe first; "none" for a clean scan, "not scanned" without one. */
export function scanSummary(counts: Record<string, number> | undefined): string {
  if (!counts) return 'not scanned';
  const parts = Object.keys(counts)
    .filter((severity) => counts[severity])
    .sort((a, b) => severityRank(a) - severityRank(b))
    .map((severity) => `${counts[severity]} ${severity.toLowerCase()}`);
  return parts.join(' · ') || 'none';
}
