import type { ContainerInsights } from '@/lib/aws/types';
import { Badge } from '../ui/badge';

const LABELS: Record<ContainerInsights, string> = {
  enhanced: 'Container Insights: enhanced',
  enabled: 'Container Insights: on',
  disabled: 'Container Insights: off',
};

export function InsightsBadge({ value }: { value: ContainerInsights }) {
  return (
    <Badge tone={value === 'disabled' ? 'gray' : 'violet'} title={`containerInsights = ${value}`}>
      {LABELS[value]}
    </Badge>
  );
}
