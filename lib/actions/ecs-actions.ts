import 'server-only';
import * as changes from '../aws/ecs-changes';
import { setScalingRange } from '../aws/scaling';
import { env } from '../env';
import { serviceDeploymentTarget, serviceOfGroup } from '../ecs/arns';
import { maskSecretValues } from '../ecs/secrets';
import { formatPath, type Problem } from '../schemas/task-definition';
import { checkRegistration } from './registration';
import {
  DeployImageInput,
  DeployRevisionInput,
  RegisterTaskDefinitionInput,
  RegisterAndDeployInput,
  ApplyExecInput,
  ContainerInsightsInput,
  RedeployInput,
  scaleInput,
  StopRolloutInput,
  StopTaskInput,
} from '../schemas/actions';
import { revisionHref, serviceHref } from '../routes';
import type { ActionResult } from './result';
import { PartlyDone, Refusal, runAction, type ActionSpec } from './run-action';
import type { z } from 'zod';

const short = (taskDefinition: string) => taskDefinition.slice(taskDefinition.lastIndexOf('/') + 1);

/** An action from its spec: a function of raw form values that runs it through runAction. */
function defineAction<S extends z.ZodType>(spec: ActionSpec<S>) {
  return (raw: unknown): Promise<ActionResult> => runAction(spec, raw);
}

/** Deploying a revision, whether forward (deploy) or back (rollback): one change, two names. */
function deployRevision(
  name: 'deploy' | 'rollback',
  message: (service: string, revision: string, deploymentId: string) => string,
) {
  return defineAction({
    name,
    iamAction: 'ecs:UpdateService',
    schema: DeployRevisionInput,
    target: (i) => ({ cluster: i.cluster, service: i.service, arns: [i.taskDefinition] }),
    perform: async (i) => {
      const change = await changes.deployTaskDefinition(i.cluster, i.service, i.taskDefinition);
      return {
        ...change,
        message: message(i.service, short(i.taskDefinition), change.deploymentId ?? ''),
        href: serviceHref(i.cluster, i.service),
      };
    },
  });
}

/** Berth's actions on ECS. Inputs are raw form values. */
export const ecsActions = {
  redeploy: defineAction({
    name: 'redeploy',
    iamAction: 'ecs:UpdateService',
    schema: RedeployInput,
    target: (i) => ({ cluster: i.cluster, service: i.service }),
    perform: async (i) => {
      const change = await changes.forceNewDeployment(i.cluster, i.service);
      return {
        ...change,
        message: `Redeploy of ${i.service} started: deployment ${change.deploymentId ?? ''}.`,
      };
    },
  }),

  rollback: deployRevision(
    'rollback',
    (service, revision, id) => `Rolling ${service} back to ${revision}: deployment ${id}.`,
  ),

  stopRollout: defineAction({
    name: 'stop-rollout',
    iamAction: 'ecs:StopServiceDeployment',
    schema: StopRolloutInput,
    // AWS acts on the ARN alone: its cluster and service are the target, and the form's must agree.
    target: (i) => {
      const owner = serviceDeploymentTarget(i.serviceDeploymentArn);
      if (!owner || owner.cluster !== i.cluster || owner.service !== i.service) {
        throw new Refusal({
          code: 'invalid',
          message: owner
            ? `The service deployment belongs to ${owner.cluster}/${owner.service}, not ${i.cluster}/${i.service}.`
            : 'Not a service deployment ARN.',
          hint: 'Stop the rollout from the page of the service it belongs to.',
        });
      }
      return { cluster: owner.cluster, service: owner.service, arns: [i.serviceDeploymentArn] };
    },
    perform: async (i, target) => {
      const change = await changes.stopRollout(target.cluster ?? i.cluster, i.serviceDeploymentArn);
      return {
        ...change,
        message: `Stopping the rollout of ${target.service ?? i.service}: ECS is rolling back to the last successful revision.`,
      };
    },
  }),

  // Built per call: the bound comes from BERTH_MAX_DESIRED_COUNT as configured now.
  scale: (raw: unknown) =>
    defineAction({
      name: 'scale',
      iamAction: 'ecs:UpdateService',
      schema: scaleInput(env().maxDesiredCount),
      target: (i) => ({ cluster: i.cluster, service: i.service }),
      perform: async (i) => {
        if (i.minCapacity === undefined || i.maxCapacity === undefined) {
          const change = await changes.setDesiredCount(i.cluster, i.service, i.desiredCount);
          return { ...change, message: `Desired count of ${i.service} set to ${i.desiredCount}.` };
        }
        // The range first: a count outside the old range would be undone by the next scaling.
        const range = `${i.minCapacity}–${i.maxCapacity}`;
        await setScalingRange(i.cluster, i.service, i.minCapacity, i.maxCapacity);
        try {
          const change = await changes.setDesiredCount(i.cluster, i.service, i.desiredCount);
          return {
            ...change,
            message: `Auto scaling range of ${i.service} set to ${range} tasks; desired count set to ${i.desiredCount}.`,
          };
        } catch (error) {
          throw new PartlyDone(
            [`Auto scaling range of ${i.service} set to ${range} tasks`],
            'setting the desired count failed',
            'ecs:UpdateService',
            error,
          );
        }
      },
    })(raw),

  setContainerInsights: defineAction({
    name: 'container-insights',
    iamAction: 'ecs:UpdateClusterSettings',
    schema: ContainerInsightsInput,
    target: (i) => ({ cluster: i.cluster }),
    perform: async (i) => {
      const change = await changes.setContainerInsights(i.cluster, i.value);
      return { ...change, message: `Container Insights on ${i.cluster} set to ${i.value}.` };
    },
  }),

  applyExec: defineAction({
    name: 'apply-exec',
    iamAction: 'ecs:UpdateService',
    schema: ApplyExecInput,
    target: (i) => ({ cluster: i.cluster, service: i.service }),
    perform: async (i) => {
      const change = await changes.applyExecuteCommand(i.cluster, i.service, i.enable);
      return {
        ...change,
        message: `ECS Exec ${i.enable ? 'enabled' : 'disabled'} on ${i.service}; deployment ${change.deploymentId ?? ''} replaces the running tasks.`,
      };
    },
  }),

  stopTask: defineAction({
    name: 'stop-task',
    iamAction: 'ecs:StopTask',
    schema: StopTaskInput,
    // The task's service is the one ECS says started it (its group), not the form's.
    target: async (i) => {
      const task = await changes.describeTaskFresh(i.cluster, i.task);
      if (!task) {
        throw new Refusal({
          code: 'not-found',
          message: `Task ${i.task} is not a task of cluster ${i.cluster}.`,
        });
      }
      const service = serviceOfGroup(task.group);
      if (i.service !== undefined && i.service !== service) {
        throw new Refusal({
          code: 'invalid',
          message: `Task ${i.task.slice(0, 12)} belongs to ${service ? `service ${service}` : 'no service'}, not ${i.service}.`,
        });
      }
      return { cluster: i.cluster, ...(service ? { service } : {}) };
    },
    perform: async (i, target) => {
      const reason = i.reason ?? 'Stopped from Berth';
      const change = await changes.stopTask(i.cluster, i.task, reason);
      return {
        ...change,
        message: `Task ${i.task.slice(0, 12)} is stopping${target.service ? `; ${target.service} will replace it` : ''}.`,
      };
    },
  }),

  deploy: deployRevision(
    'deploy',
    (service, revision, id) => `Deploying ${revision} to ${service}: deployment ${id}.`,
  ),

  deployImage: defineAction({
    name: 'deploy-image',
    iamAction: 'ecs:RegisterTaskDefinition',
    schema: DeployImageInput,
    target: (i) => ({ cluster: i.cluster, service: i.service }),
    perform: async (i) => {
      const registered = await changes.registerImageRevision(
        i.cluster,
        i.service,
        i.container,
        i.image,
      );
      const name = `${registered.family}:${registered.revision}`;
      let change;
      try {
        change = await changes.deployTaskDefinition(i.cluster, i.service, registered.arn);
      } catch (error) {
        throw new PartlyDone(
          [`Registered ${name} with ${i.container} on ${i.image}`],
          'deploying it failed',
          'ecs:UpdateService',
          error,
        );
      }
      return {
        ...change,
        message: `Registered ${name} with ${i.container} on ${i.image}; deployment ${change.deploymentId ?? ''} started.`,
        href: serviceHref(i.cluster, i.service),
      };
    },
  }),
};

/** A registration that did not pass the checks, as an action result: every problem named. */
function refusedRegistration(checked: { problems: Problem[]; message?: string }): ActionResult {
  const { problems } = checked;
  return {
    ok: false,
    error: {
      code: 'invalid',
      message: problems.length
        ? `${problems.length === 1 ? 'A problem' : `${problems.length} problems`} in the task definition: ${problems.map((p) => `${formatPath(p.path) || 'JSON'}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`).join(' ')}`
        : (checked.message ?? 'Invalid input.'),
    },
  };
}

/** The registration with secret-looking environment values masked, for the audit trail. */
const auditedRegistration = (family: string, registration: Record<string, unknown>) => ({
  family,
  registration: maskSecretValues(registration),
});

/**
 * Registering is account-level: no cluster to authorize, but read-only mode still refuses it.
 * The JSON is checked by the same schema the form uses; nothing invalid reaches AWS.
 */
export async function registerTaskDefinition(raw: unknown): Promise<ActionResult> {
  const checked = await checkRegistration(raw, RegisterTaskDefinitionInput);
  if (!checked.ok) return refusedRegistration(checked);
  return runAction(
    {
      name: 'register-task-definition',
      iamAction: 'ecs:RegisterTaskDefinition',
      schema: RegisterTaskDefinitionInput,
      target: () => ({ family: checked.family }),
      // The audit trail is read by more people than the secrets are meant for.
      auditInput: () => auditedRegistration(checked.family, checked.registration),
      perform: async () => {
        const change = await changes.registerTaskDefinition(checked.registration);
        return {
          ...change,
          message: `Registered ${change.family}:${change.revision}.`,
          href: revisionHref(change.family, change.revision),
        };
      },
    },
    raw,
  );
}

/**
 * The editor's "Register and deploy": the service's cluster is the target the caller's role is
 * checked against; the revision is registered, then deployed. A failed deploy leaves the
 * registered revision named in the result and the audit line (PartlyDone).
 */
export async function registerAndDeploy(raw: unknown): Promise<ActionResult> {
  const checked = await checkRegistration(raw, RegisterAndDeployInput);
  if (!checked.ok) return refusedRegistration(checked);
  return runAction(
    {
      name: 'register-and-deploy',
      iamAction: 'ecs:RegisterTaskDefinition',
      schema: RegisterAndDeployInput,
      target: (i) => ({ cluster: i.cluster, service: i.service, family: checked.family }),
      auditInput: (i) => ({
        cluster: i.cluster,
        service: i.service,
        ...auditedRegistration(checked.family, checked.registration),
      }),
      perform: async (i) => {
        const registered = await changes.registerTaskDefinition(checked.registration);
        const name = `${registered.family}:${registered.revision}`;
        let change;
        try {
          change = await changes.deployTaskDefinition(i.cluster, i.service, registered.arn);
        } catch (error) {
          throw new PartlyDone(
            [`Registered ${name}`],
            'deploying it failed',
            'ecs:UpdateService',
            error,
          );
        }
        return {
          ...change,
          message: `Registered ${name} and started deploying it to ${i.service}: deployment ${change.deploymentId ?? ''}.`,
          href: serviceHref(i.cluster, i.service),
        };
      },
    },
    raw,
  );
}
