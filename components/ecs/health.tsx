import type { HealthStatus } from '@/lib/aws/types';
import { Badge, type Tone } from '../ui/badge';

const STATUS_TONES: Record<HealthStatus, Tone> = {
  HEALTHY: 'green',
  UNHEALTHY: 'red',
  UNKNOWN: 'gray',
};

/** A container or task health status, with why it is UNKNOWN when that is known. */
export function HealthStatusBadge({ status, reason }: { status: HealthStatus; reason?: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <Badge tone={STATUS_TONES[status]}>{status}</Badge>
      {reason ? <span className="text-xs text-slate-500">{reason}</span> : null}
    </span>
  );
}

const STATUS_COLOURS: Record<string, Tone> = {
  RUNNING: 'green',
  PROVISIONING: 'blue',
  PENDING: 'blue',
  ACTIVATING: 'blue',
  DEACTIVATING: 'amber',
  STOPPING: 'amber',
  DEPROVISIONING: 'amber',
  STOPPED: 'gray',
};

export function LastStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_COLOURS[status] ?? 'gray'}>{status}</Badge>;
}
