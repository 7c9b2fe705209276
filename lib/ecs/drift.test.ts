import { describe, expect, it } from 'vitest';
import { findDrift } from './drift';
import { deployment, ref, service, task } from './fixtures';

describe('findDrift', () => {
  it('finds nothing when tasks match the PRIMARY deployment and the exec setting', () => {
    expect(findDrift(service(), [task('a'), task('b')])).toEqual([]);
  });

  it('flags tasks on another revision, and says a rollout will replace them', () => {
    const s = service({
      deployments: [
        deployment({ taskDefinition: ref('web', 3), rolloutState: 'IN_PROGRESS' }),
        deployment({ status: 'ACTIVE' }),
      ],
    });
    expect(findDrift(s, [task('a'), task('b', { taskDefinition: ref('web', 3) })])).toEqual([
      {
        kind: 'revision',
        taskIds: ['a'],
        message:
          '1 task runs web:2, not web:3 of the PRIMARY deployment: a rollout is in progress and will replace them.',
      },
    ]);
  });

  it('tells to redeploy when no rollout is running', () => {
    const s = service({ deployments: [deployment({ taskDefinition: ref('web', 3) })] });
    expect(findDrift(s, [task('a'), task('b')])[0]?.message).toBe(
      '2 tasks run web:2, not web:3 of the PRIMARY deployment: redeploy to replace them.',
    );
  });

  it('flags exec enabled on the service but not on its tasks (the seed document case)', () => {
    expect(findDrift(service(), [task('a', { enableExecuteCommand: false })])).toEqual([
      {
        kind: 'exec',
        taskIds: ['a'],
        message: 'ECS Exec is enabled on the service but not on 1 task: redeploy to apply.',
      },
    ]);
    expect(findDrift(service({ enableExecuteCommand: false }), [task('a')])[0]?.message).toBe(
      'ECS Exec is disabled on the service but still enabled on 1 task: redeploy to apply.',
    );
  });

  it('ignores stopping tasks and tasks of other services', () => {
    const tasks = [
      task('a', { desiredStatus: 'STOPPED', enableExecuteCommand: false }),
      task('b', { serviceName: 'other', enableExecuteCommand: false }),
    ];
    expect(findDrift(service(), tasks)).toEqual([]);
  });

  it('names every revision behind, once each, against the PRIMARY deployment wherever it is listed', () => {
    const s = service({
      deployments: [
        deployment({ status: 'ACTIVE', taskDefinition: ref('web', 2) }),
        deployment({ taskDefinition: ref('web', 4), rolloutState: 'COMPLETED' }),
      ],
    });
    const tasks = [
      task('a', { taskDefinition: ref('web', 2) }),
      task('b', { taskDefinition: ref('web', 3) }),
      task('c', { taskDefinition: ref('web', 2) }),
      task('d', { taskDefinition: ref('web', 4) }),
    ];
    expect(findDrift(s, tasks)).toEqual([
      {
        kind: 'revision',
        taskIds: ['a', 'b', 'c'],
        message:
          '3 tasks run web:2, web:3, not web:4 of the PRIMARY deployment: redeploy to replace them.',
      },
    ]);
  });

  it('expects a rollout to replace tasks only while one is in progress beside an older deployment', () => {
    const behind = [task('a', { taskDefinition: ref('web', 1) })];
    const alone = service({ deployments: [deployment({ rolloutState: 'IN_PROGRESS' })] });
    expect(findDrift(alone, behind)[0]?.message).toBe(
      '1 task runs web:1, not web:2 of the PRIMARY deployment: redeploy to replace them.',
    );
    const finished = service({ deployments: [deployment(), deployment({ status: 'ACTIVE' })] });
    expect(findDrift(finished, behind)[0]?.message).toBe(
      '1 task runs web:1, not web:2 of the PRIMARY deployment: redeploy to replace them.',
    );
  });
});
