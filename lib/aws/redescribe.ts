/**
 * Which kept descriptions a refresh describes again (lib/aws/kept-lists.ts). Describing 1,000
 * services is 100 DescribeServices per refresh: at 100 ms each, 8 at once, 1.3 s, and 20 calls
 * a second against ECS's read rate (a token bucket shared with the team's own tooling). Most
 * of them answer what the last refresh did. So a refresh describes again only:
 * - what it has no description of (new on the list);
 * - what is changing (`moving`: a deployment under way, tasks starting or missing);
 * - what changed where it shows first (`signatureOf`: a service's live tasks, read just
 *   before), or everything when that is not known;
 * - what was described longer ago than the reuse window;
 * - and, in turn, the longest-kept of the rest, as many as keep every description within the
 *   window at this pace (and to fill the last batch), so none waits for the window to lapse.
 * A change that shows nowhere else (a setting edited without a deployment) is therefore shown
 * within the window, and the page is as old as its oldest description says.
 */
export interface Description<T> {
  item: T;
  /** When it was described. */
  at: number;
  /** Its signature when it was described, read before it; undefined when not known. */
  signature?: string;
}

export interface Reuse<T> {
  arnOf: (item: T) => string;
  /** Whether the item is changing, so that every refresh describes it. */
  moving: (item: T) => boolean;
}

/** The signature of an item now (see above), or undefined when not known. */
export type Signature<T> = (item: T) => string | undefined;

/** The kept resource an ARN names: its last part, the same in ECS's old and new ARN formats. */
export const resourceId = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

export function toRedescribe<T>(
  arns: readonly string[],
  described: ReadonlyMap<string, Description<T>>,
  reuse: Reuse<T>,
  signatureOf: Signature<T>,
  pace: {
    now: number;
    /** When the last refresh described (its pace sets the turn's share). */
    since: number;
    windowMs: number;
    /** The describe call's batch limit. */
    size: number;
  },
): string[] {
  const { now, since, windowMs, size } = pace;
  const due: string[] = [];
  const rest: { arn: string; at: number }[] = [];
  for (const arn of arns) {
    const kept = described.get(resourceId(arn));
    const signature = kept && signatureOf(kept.item);
    if (
      !kept ||
      reuse.moving(kept.item) ||
      signature === undefined ||
      signature !== kept.signature ||
      now - kept.at >= windowMs
    ) {
      due.push(arn);
    } else {
      rest.push({ arn, at: kept.at });
    }
  }
  const share = Math.ceil((arns.length * Math.max(0, now - since)) / windowMs);
  const wanted = Math.ceil((due.length + share) / size) * size;
  const turn = rest
    .sort((a, b) => a.at - b.at)
    .slice(0, Math.max(0, wanted - due.length))
    .map((entry) => entry.arn);
  return [...due, ...turn];
}
