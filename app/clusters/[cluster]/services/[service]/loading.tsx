import { PanelSkeleton } from '@/components/ui/skeleton';

/** While a service view reads AWS: the header and tabs stay, the panels pulse. */
export default function ServiceLoading() {
  return (
    <div className="space-y-4" data-testid="service-loading">
      <PanelSkeleton label="service state" />
      <PanelSkeleton label="deployments" />
      <PanelSkeleton label="tasks" />
    </div>
  );
}
