import { setContainerInsights } from '@/components/actions/actions';
import type { ContainerInsights } from '@/lib/aws/types';
import { ConfirmAction } from './confirm-action';

export function InsightsControl({ cluster, value }: { cluster: string; value: ContainerInsights }) {
  return (
    <ConfirmAction
      action={setContainerInsights}
      label="Container Insights…"
      size="sm"
      values={{ cluster }}
      confirm={
        <p>
          Changes Container Insights for every service and task of {cluster}. Enhanced adds task-
          and container-level metrics (and CloudWatch cost).
        </p>
      }
      confirmLabel="Apply"
    >
      <label className="block text-sm">
        Setting{' '}
        <select
          name="value"
          defaultValue={value}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        >
          <option value="enhanced">enhanced</option>
          <option value="enabled">enabled</option>
          <option value="disabled">disabled</option>
        </select>
      </label>
    </ConfirmAction>
  );
}
