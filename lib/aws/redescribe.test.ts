/**
 * toRedescribe: which kept descriptions a refresh describes again. Items here are plain
 * records; `moving` and the signature are read off them, as listServices reads a service's
 * deployments and its live tasks.
 */
import { describe, expect, it } from 'vitest';
import { resourceId, toRedescribe, type Description } from './redescribe';

interface Item {
  arn: string;
  moving?: boolean;
  tasks?: string;
}
const reuse = { arnOf: (item: Item) => item.arn, moving: (item: Item) => item.moving === true };
const arn = (i: number) => `arn:aws:ecs:us-east-1:123456789012:service/big/svc-${i}`;
const WINDOW = 30_000;
const NOW = 1_000_000;

/** N services described at `at` with signature 't', none moving. */
function world(n: number, at = NOW - 1_000) {
  const arns = Array.from({ length: n }, (_, i) => arn(i));
  const described = new Map<string, Description<Item>>(
    arns.map((a) => [resourceId(a), { item: { arn: a, tasks: 't' }, at, signature: 't' }]),
  );
  return { arns, described };
}
const byTasks = (item: Item) => item.tasks;
const pace = (since: number, size = 10) => ({ now: NOW, since, windowMs: WINDOW, size });

describe('toRedescribe', () => {
  it('describes only a turn of the oldest when nothing changed: N × elapsed / window, to a full batch', () => {
    const { arns, described } = world(1_000);
    // 5 s since the last refresh: 1,000 × 5 / 30 = 166.7 → 167, filled to 170 (17 batches).
    const chosen = toRedescribe(arns, described, reuse, byTasks, pace(NOW - 5_000));
    expect(chosen).toEqual(arns.slice(0, 170));
  });

  it('takes the turn from the longest kept first, and none when no time passed', () => {
    const { arns, described } = world(30);
    described.set(resourceId(arns[7]!), {
      ...described.get(resourceId(arns[7]!))!,
      at: NOW - 9_000,
    });
    described.set(resourceId(arns[3]!), {
      ...described.get(resourceId(arns[3]!))!,
      at: NOW - 8_000,
    });
    // 30 × 1 s / 30 s = 1, filled to a batch of 5: the two oldest first, then list order.
    expect(toRedescribe(arns, described, reuse, byTasks, pace(NOW - 1_000, 5))).toEqual([
      arns[7],
      arns[3],
      arns[0],
      arns[1],
      arns[2],
    ]);
    expect(toRedescribe(arns, described, reuse, byTasks, pace(NOW, 5))).toEqual([]);
  });

  it('describes the new, the moving, the changed and the unknown, then fills their batch', () => {
    const { arns, described } = world(40);
    const listed = [...arns, arn(40)];
    described.get(resourceId(arns[5]!))!.item.moving = true;
    described.get(resourceId(arns[9]!))!.item.tasks = 'another task';
    described.get(resourceId(arns[12]!))!.item.tasks = undefined;
    const chosen = toRedescribe(listed, described, reuse, byTasks, pace(NOW));
    expect(chosen).toEqual([
      arns[5],
      arns[9],
      arns[12],
      arn(40),
      ...[0, 1, 2, 3, 4, 6].map((i) => arns[i]),
    ]);
  });

  it('describes what was described a whole window ago, and not a millisecond sooner', () => {
    const { arns, described } = world(20);
    described.get(resourceId(arns[2]!))!.at = NOW - WINDOW;
    described.get(resourceId(arns[4]!))!.at = NOW - WINDOW + 1;
    expect(toRedescribe(arns, described, reuse, byTasks, pace(NOW, 1))).toEqual([arns[2]]);
  });

  it('describes a kept description with no signature noted once its signature is known', () => {
    const { arns, described } = world(3);
    described.get(resourceId(arns[1]!))!.signature = undefined;
    expect(toRedescribe(arns, described, reuse, byTasks, pace(NOW, 1))).toEqual([arns[1]]);
    // ...and while it is still not known.
    expect(toRedescribe(arns, described, reuse, () => undefined, pace(NOW, 1))).toEqual(arns);
  });

  it('describes everything when signatures are unknown or the window is 0', () => {
    const { arns, described } = world(25);
    expect(toRedescribe(arns, described, reuse, () => undefined, pace(NOW))).toEqual(arns);
    expect(
      toRedescribe(arns, described, reuse, byTasks, {
        now: NOW,
        since: NOW,
        windowMs: 0,
        size: 10,
      }),
    ).toEqual(arns);
  });

  it('never describes more than the list, however long since the last refresh', () => {
    const { arns, described } = world(15, NOW - 1);
    expect(toRedescribe(arns, described, reuse, byTasks, pace(NOW - 10 * WINDOW))).toEqual(arns);
  });

  it('finds a description under either ARN format', () => {
    const { described } = world(1);
    const oldFormat = 'arn:aws:ecs:us-east-1:123456789012:service/svc-0';
    expect(toRedescribe([oldFormat], described, reuse, byTasks, pace(NOW, 1))).toEqual([]);
  });
});
