import { describe, expect, it } from 'vitest';
import type { ServiceDeploymentRecord } from '../aws/types';
import { deploymentMarkers } from './deployment-markers';

const at = (iso: string) => Date.parse(iso);
const record = (extra: Partial<ServiceDeploymentRecord>): ServiceDeploymentRecord => ({
  arn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/c/web/x',
  status: 'SUCCESSFUL',
  taskDefinition: {
    family: 'web',
    revision: 3,
    arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
  },
  images: [],
  ...extra,
});

describe('deploymentMarkers', () => {
  it('marks the start and the end of each deployment, oldest first, named and timed', () => {
    expect(
      deploymentMarkers(
        [
          record({
            status: 'ROLLBACK_SUCCESSFUL',
            createdAt: at('2026-12-03T10:20:00Z'),
            startedAt: at('2026-12-03T10:20:05Z'),
            finishedAt: at('2026-12-03T10:31:00Z'),
          }),
          record({
            taskDefinition: undefined,
            createdAt: at('2026-12-03T10:00:00Z'),
            finishedAt: at('2026-12-03T10:05:30Z'),
          }),
        ],
        at('2026-12-03T09:00:00Z') / 1000,
      ),
    ).toEqual([
      {
        at: at('2026-12-03T10:00:00Z') / 1000,
        kind: 'started',
        label: 'a deployment started 10:00:00 UTC',
      },
      {
        at: at('2026-12-03T10:05:30Z') / 1000,
        kind: 'completed',
        label: 'a deployment completed 10:05:30 UTC',
      },
      {
        at: at('2026-12-03T10:20:05Z') / 1000,
        kind: 'started',
        label: 'web:3 started 10:20:05 UTC',
      },
      {
        at: at('2026-12-03T10:31:00Z') / 1000,
        kind: 'rolled-back',
        label: 'web:3 rolled back 10:31:00 UTC',
      },
    ]);
  });

  it('marks a stopped deployment as failed, and nothing for one still running', () => {
    const markers = deploymentMarkers(
      [
        record({
          status: 'STOPPED',
          createdAt: at('2026-12-03T10:00:00Z'),
          finishedAt: at('2026-12-03T10:09:00Z'),
        }),
        record({ status: 'IN_PROGRESS', createdAt: at('2026-12-03T10:10:00Z') }),
        record({
          status: 'PENDING',
          createdAt: at('2026-12-03T10:11:00Z'),
          finishedAt: at('2026-12-03T10:12:00Z'),
        }),
      ],
      0,
    );
    expect(markers.map((m) => `${m.kind} ${m.label}`)).toEqual([
      'started web:3 started 10:00:00 UTC',
      'failed web:3 stopped 10:09:00 UTC',
      'started web:3 started 10:10:00 UTC',
      'started web:3 started 10:11:00 UTC',
    ]);
  });

  it('leaves out what happened before the range, keeping an end inside it', () => {
    const markers = deploymentMarkers(
      [record({ createdAt: at('2026-12-03T09:59:00Z'), finishedAt: at('2026-12-03T10:01:00Z') })],
      at('2026-12-03T10:00:00Z') / 1000,
    );
    expect(markers.map((m) => m.kind)).toEqual(['completed']);
    expect(
      deploymentMarkers(
        [record({ createdAt: at('2026-12-03T10:00:00Z'), finishedAt: at('2026-12-03T10:01:00Z') })],
        at('2026-12-03T10:00:00Z') / 1000,
      ).map((m) => m.kind),
    ).toEqual(['started', 'completed']);
    const from = at('2026-12-03T10:00:00Z') / 1000;
    // Wholly before the range: nothing; ending at its first second: the end.
    expect(
      deploymentMarkers(
        [record({ createdAt: at('2026-12-03T09:50:00Z'), finishedAt: at('2026-12-03T09:59:59Z') })],
        from,
      ),
    ).toEqual([]);
    expect(
      deploymentMarkers(
        [record({ createdAt: at('2026-12-03T09:50:00Z'), finishedAt: at('2026-12-03T10:00:00Z') })],
        from,
      ).map((m) => m.kind),
    ).toEqual(['completed']);
    // A successful record without an end time (not yet written) has no end to mark, even in a
    // range from the epoch.
    expect(
      deploymentMarkers([record({ createdAt: at('2026-12-03T10:05:00Z') })], 0).map((m) => m.kind),
    ).toEqual(['started']);
  });
});
