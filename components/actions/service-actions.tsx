import { PlaceLink as Link } from '@/components/targets/place-link';
import { redeploy, scale, stopRollout } from '@/components/actions/actions';
import type { Service } from '@/lib/aws/types';
import { newRevisionHref, serviceHistoryHref } from '@/lib/routes';
import { ConfirmAction } from './confirm-action';
import { ScaleFields } from './scale-fields';

const revision = (service: Service) =>
  `${service.taskDefinition.family}:${service.taskDefinition.revision}`;

/** The service page's actions: redeploy, scale, stop a failing rollout, roll back. */
export function ServiceActions({
  service,
  inProgressDeploymentArn,
  maxDesiredCount,
  scalingRange,
}: {
  service: Service;
  inProgressDeploymentArn?: string;
  maxDesiredCount: number;
  /** Auto scaling's min and max, when it manages the service. */
  scalingRange?: { min: number; max: number };
}) {
  const values = { cluster: service.clusterName, service: service.name };
  return (
    <div className="flex flex-wrap items-start gap-2" aria-label="Service actions" role="group">
      <RedeployButton service={service} />
      <ConfirmAction
        action={scale}
        label="Scale"
        values={values}
        confirm={
          <p>
            Sets the desired count of <strong>{service.name}</strong> (now {service.desired}). ECS
            starts or stops tasks to match.
          </p>
        }
      >
        <ScaleFields
          current={service.desired}
          maxDesiredCount={maxDesiredCount}
          {...(scalingRange ? { range: scalingRange } : {})}
        />
      </ConfirmAction>
      {inProgressDeploymentArn ? (
        <ConfirmAction
          action={stopRollout}
          label="Stop rollout"
          danger
          values={{ ...values, serviceDeploymentArn: inProgressDeploymentArn }}
          confirm={
            <p>
              Stops the deployment in progress and has ECS roll {service.name} back to its last
              successful revision now, instead of waiting for the circuit breaker.
            </p>
          }
        />
      ) : null}
      <Link
        href={`${serviceHistoryHref(service.clusterName, service.name)}#rollback`}
        className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
      >
        Roll back…
      </Link>
      <Link
        href={newRevisionHref(revision(service), values)}
        className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100"
      >
        Edit and deploy…
      </Link>
    </div>
  );
}

export function RedeployButton({ service, size }: { service: Service; size?: 'sm' | 'md' }) {
  return (
    <ConfirmAction
      action={redeploy}
      label="Redeploy"
      size={size}
      values={{ cluster: service.clusterName, service: service.name }}
      confirm={
        <p>
          Starts a new deployment of <strong>{service.name}</strong> with the same revision (
          {revision(service)}), pulling image tags again. New tasks start, then the{' '}
          {service.running} running {service.running === 1 ? 'task is' : 'tasks are'} replaced.
        </p>
      }
    />
  );
}
