/** Simulated durations: a random number of simulated seconds, as real milliseconds. */
import { between } from '../random.js';
import type { World } from '../world.js';

export function seconds(world: World, low: number, high: number) {
  return world.clock.ms(between(world.random, low, high));
}

export function octet(world: World) {
  return 2 + Math.floor(world.random() * 250);
}
