import type { ServiceEvent } from '@/lib/aws/types';
import { Empty } from '../ui/section';
import { RelativeTime } from '../ui/relative-time';

/** Service events, newest first, as ECS wrote them. */
export function EventsList({ events, limit = 25 }: { events: ServiceEvent[]; limit?: number }) {
  if (events.length === 0) return <Empty>No events yet.</Empty>;
  return (
    <ol className="space-y-1.5 text-sm" aria-label="Service events">
      {events.slice(0, limit).map((event) => (
        <li key={event.id} className="grid grid-cols-[6rem_minmax(0,1fr)] gap-2">
          <span className="text-xs text-slate-500">
            <RelativeTime at={event.createdAt} />
          </span>
          <span className="text-slate-800 [overflow-wrap:anywhere]">{event.message}</span>
        </li>
      ))}
    </ol>
  );
}
