import { describe, expect, it } from 'vitest';
import { SimClock } from '../clock.js';
import { seedWorld } from '../seed.js';
import { World } from '../world.js';
import { taskLoad } from './metrics.js';

const world = new World({ clock: new SimClock(1), region: 'us-east-1', accountId: '111111111111' });
seedWorld(world, 'cruddur');
const flask = [...world.tasks.values()].find(
  (task) =>
    task.service?.cluster.name === 'cruddur' &&
    task.service.name === 'backend-flask' &&
    task.lastStatus === 'RUNNING',
)!;
const minute = 60_000;
/** CPU of the Flask task over one whole 20-minute wave, past its warm-up. */
const wave = () =>
  Array.from(
    { length: 20 },
    (_, i) => taskLoad(world, flask, flask.startedAt! + (5 + i) * minute).cpu,
  );

describe('the load model behind the admin load knob', () => {
  it('keeps Flask between 17 % and 43 % at factor 1, with a wave and jitter', () => {
    world.metrics.load.delete('cruddur/backend-flask');
    const cpu = wave();
    expect(Math.min(...cpu)).toBeGreaterThanOrEqual(17);
    expect(Math.max(...cpu)).toBeLessThanOrEqual(43);
    expect(Math.max(...cpu) - Math.min(...cpu)).toBeGreaterThan(10);
  });

  // The e2e and SDK tests of auto scaling rely on this: at factor 3 the wave's trough is
  // ~51 %, so AlarmHigh (3 of 3 over 70 %) could wait most of a wave and time a test out.
  it('keeps Flask over the 70 % target at every phase of the wave at factor 5', () => {
    world.metrics.load.set('cruddur/backend-flask', 5);
    expect(Math.min(...wave())).toBeGreaterThan(70);
    world.metrics.load.set('cruddur/backend-flask', 3);
    expect(Math.min(...wave())).toBeLessThan(70);
  });
});
