/** Fault injection for the AWS endpoints: throttling, latency, 5xx, and full outage. */
import { accessDenied, serverException, serviceUnavailable, throttling } from './errors.js';
import { z } from 'zod';

export const FaultsSchema = z.strictObject({
  /** Share of requests answered with ThrottlingException, 0..1. */
  throttleRate: z.number().min(0).max(1).default(0),
  /** Share of requests answered with a 5xx server error, 0..1. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Added to every response, in real milliseconds. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Every AWS request gets 503 ServiceUnavailable. */
  outage: z.boolean().default(false),
  /** Limit the faults to these operations ("DescribeServices" or "ecs:DescribeServices"). */
  operations: z.array(z.string().min(1)).optional(),
  /** Answer AccessDeniedException for these operations, as a missing IAM permission would. */
  deny: z.array(z.string().min(1)).default([]),
  /**
   * Limit every fault to these worlds ("111111111111/ca-central-1", as stats' byWorld names
   * them): one account's throttling or slow region, the others untouched.
   */
  worlds: z
    .array(
      z
        .string()
        .regex(
          /^\d{12}\/[a-z0-9-]+$/,
          'A world is account/region, e.g. 111111111111/ca-central-1.',
        ),
    )
    .optional(),
});

export type Faults = z.infer<typeof FaultsSchema>;

export const NO_FAULTS: Faults = FaultsSchema.parse({});

const matches = (list: string[], service: string, operation: string) =>
  list.includes(operation) || list.includes(`${service}:${operation}`);

/** The faults a request to `world` (account/region) meets: none outside the worlds named. */
export function faultsIn(faults: Faults, world: string): Faults {
  return faults.worlds && !faults.worlds.includes(world) ? NO_FAULTS : faults;
}

/** The error a request meets under `faults`, if any. */
export function injectedFault(
  faults: Faults,
  service: string,
  operation: string,
  accountId: string,
  random = Math.random,
) {
  if (matches(faults.deny, service, operation)) {
    return accessDenied(accountId, service, operation);
  }
  if (faults.operations && !matches(faults.operations, service, operation)) return undefined;
  if (faults.outage) {
    return serviceUnavailable();
  }
  if (faults.throttleRate > 0 && random() < faults.throttleRate) {
    return throttling();
  }
  if (faults.errorRate > 0 && random() < faults.errorRate) {
    return service === 'logs'
      ? serviceUnavailable('The service cannot complete the request.')
      : serverException('Service Unavailable. Please try again later.');
  }
  return undefined;
}
