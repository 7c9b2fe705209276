import { applyExec } from '@/components/actions/actions';
import type { Service } from '@/lib/aws/types';
import { ConfirmAction } from './confirm-action';

/** For ECS Exec drift: set the service's setting and force the redeploy that applies it. */
export function ApplyExecButton({ service }: { service: Service }) {
  const enable = service.enableExecuteCommand;
  return (
    <ConfirmAction
      action={applyExec}
      label="Apply and redeploy"
      size="sm"
      values={{ cluster: service.clusterName, service: service.name, enable: String(enable) }}
      confirm={
        <p>
          Sets ECS Exec {enable ? 'on' : 'off'} for {service.name} and starts a new deployment, so
          every task runs with it {enable ? 'enabled' : 'disabled'}.
        </p>
      }
    />
  );
}
