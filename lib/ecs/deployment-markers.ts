/**
 * Deployment markers for the metric charts: where each deployment in range started, and how
 * and when it ended (completed, rolled back, stopped), from the service's deployment history.
 */
import type { ServiceDeploymentRecord } from '../aws/types';

/** A deployment event drawn on every chart: when, what, and how it ended. */
export interface ChartMarker {
  /** Epoch seconds. */
  at: number;
  kind: 'started' | 'completed' | 'failed' | 'rolled-back';
  label: string;
}

const utc = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(11, 19)} UTC`;

/** Markers for the deployments that started or ended at or after `from` (epoch seconds). */
export function deploymentMarkers(records: ServiceDeploymentRecord[], from: number): ChartMarker[] {
  const markers: ChartMarker[] = [];
  for (const record of records) {
    const name = record.taskDefinition
      ? `${record.taskDefinition.family}:${record.taskDefinition.revision}`
      : 'a deployment';
    const started = (record.startedAt ?? record.createdAt ?? 0) / 1000;
    if (started >= from) {
      markers.push({ at: started, kind: 'started', label: `${name} started ${utc(started)}` });
    }
    const finished = (record.finishedAt ?? 0) / 1000;
    if (!record.finishedAt || finished < from) continue;
    const kind: ChartMarker['kind'] | undefined =
      record.status === 'SUCCESSFUL'
        ? 'completed'
        : record.status.startsWith('ROLLBACK_')
          ? 'rolled-back'
          : record.status === 'STOPPED'
            ? 'failed'
            : undefined;
    if (!kind) continue;
    const how = { completed: 'completed', 'rolled-back': 'rolled back', failed: 'stopped' }[kind];
    markers.push({ at: finished, kind, label: `${name} ${how} ${utc(finished)}` });
  }
  return markers.sort((a, b) => a.at - b.at);
}
