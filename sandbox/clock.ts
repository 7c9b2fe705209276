/**
 * The sandbox's clock. Timestamps stay wall-clock time (so a browser's "3 s ago" is true);
 * SANDBOX_SPEED shortens every simulated duration instead: at speed 60 a 30 s health-check
 * interval passes in half a real second.
 */
export class SimClock {
  constructor(readonly speed = 1) {
    if (!(speed > 0)) throw new Error(`SANDBOX_SPEED must be a positive number, got ${speed}`);
  }

  now(): number {
    return Date.now();
  }

  /** Real milliseconds that `seconds` of simulated time take. */
  ms(seconds: number): number {
    return (seconds * 1000) / this.speed;
  }
}
