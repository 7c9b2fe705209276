import type { ServiceState, ServiceStateName } from '@/lib/ecs/service-state';
import { Badge, type Tone } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';

const STATE_TONES: Record<ServiceStateName, Tone> = {
  failed: 'red',
  'crash-looping': 'red',
  'rolling-back': 'amber',
  degraded: 'amber',
  unknown: 'gray',
  deploying: 'blue',
  scaling: 'blue',
  steady: 'green',
};

/** The words a person reads: "rolling back", not the URL's "rolling-back". */
export const stateLabel = (state: ServiceStateName) => state.replace('-', ' ');

export function ServiceStateBadge({ state }: { state: ServiceState }) {
  return (
    <Badge tone={STATE_TONES[state.state]} title={state.reason}>
      {stateLabel(state.state)}
    </Badge>
  );
}

/** The badge, the one-line reason and, for a failure or crash, when it happened. */
export function ServiceStateLine({ state, block }: { state: ServiceState; block?: boolean }) {
  const Wrapper = block ? 'div' : 'span';
  return (
    <Wrapper data-testid="service-state" className="contents">
      <ServiceStateBadge state={state} />
      <Wrapper className={`text-slate-600 ${block ? 'mt-0.5 text-xs' : ''}`}>
        {block ? null : ' '}
        {state.reason}
        {state.at !== undefined ? (
          <>
            {' '}
            (<RelativeTime at={state.at} />)
          </>
        ) : null}
      </Wrapper>
    </Wrapper>
  );
}
