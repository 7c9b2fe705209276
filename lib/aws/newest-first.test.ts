import { describe, expect, it } from 'vitest';
import { readNewestFirst, type TimeWindow } from './newest-first';

/**
 * A log of events at the given times, paged as FilterLogEvents pages them: the oldest `limit`
 * events of the window (both ends inclusive), and `more` when the window holds others.
 */
function log(times: number[], limit: number, { withLastTime = false } = {}) {
  const windows: [number, number][] = [];
  const readPage = ({ startTime, endTime }: TimeWindow) => {
    windows.push([startTime, endTime]);
    const inWindow = times.filter((t) => t >= startTime && t <= endTime).sort((a, b) => a - b);
    const events = inWindow.slice(0, limit);
    return Promise.resolve({
      events,
      more: inWindow.length > limit,
      ...(withLastTime ? { lastTime: events.at(-1) } : {}),
    });
  };
  return { windows, readPage };
}

/** A `take` that keeps what it is given and has enough at `wanted` events. */
function collector(wanted: number) {
  const taken: number[][] = [];
  return {
    taken,
    take: (events: number[]) => {
      taken.push(events);
      return taken.flat().length >= wanted;
    },
  };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('readNewestFirst', () => {
  it('reads a range that fits in one page with one call', async () => {
    const { windows, readPage } = log([5, 1, 900], 4);
    const { taken, take } = collector(200);
    expect(await readNewestFirst({ startTime: 0, endTime: 999 }, readPage, take)).toBe(true);
    expect(windows).toEqual([[0, 999]]);
    expect(taken).toEqual([[1, 5, 900]]);
  });

  it('narrows a full window to an eighth, and widens four times after one that fits', async () => {
    // Ten events at the end of a thousand milliseconds, four to a page.
    const { windows, readPage } = log(range(990, 10), 4);
    const { taken, take } = collector(7);
    await readNewestFirst({ startTime: 0, endTime: 999 }, readPage, take);
    expect(windows).toEqual([
      [0, 999], // 10 events: full, an eighth of 1000 is 125
      [875, 999], // full: 16
      [984, 999], // full: 2
      [998, 999], // 2 events: taken; the next window is 8 wide
      [990, 997], // 8 events: full, 1 wide
      [997, 997], // taken; 4 wide
      [993, 996], // 4 events, the page's worth: taken, and with 7 that is enough
    ]);
    expect(taken).toEqual([[998, 999], [997], [993, 994, 995, 996]]);
  });

  it('goes back to the start of the range, taking empty windows, while it wants more', async () => {
    const { windows, readPage } = log([0, 10, 11, 12, 13, 99], 4);
    const { taken, take } = collector(200);
    // Read to the start of the range: whole, though `take` wanted more.
    expect(await readNewestFirst({ startTime: 0, endTime: 99 }, readPage, take)).toBe(true);
    expect(windows).toEqual([
      [0, 99],
      [87, 99],
      [35, 86],
      [0, 34],
      [30, 34],
      [10, 29],
      [0, 9],
    ]);
    expect(taken).toEqual([[99], [], [], [10, 11, 12, 13], [0]]);
  });

  it("cuts a full window after its page's last event, and reads the page's part as one window", async () => {
    // A burst of 10 at 500-509 and one event at 990, four to a page.
    const { windows, readPage } = log([...range(500, 10), 990], 4, { withLastTime: true });
    const { taken, take } = collector(8);
    expect(await readNewestFirst({ startTime: 0, endTime: 999 }, readPage, take)).toBe(true);
    expect(windows).toEqual([
      [0, 999], // 11: full, its page ends at 503; an eighth (875-999) is narrower than 503-999
      [875, 999], // 1: taken; four times wider next, but not into the page's part (0-502)
      [503, 874], // 7: full, its page ends at 506; its part 503-505 fits a page
      [828, 874], // an eighth: empty
      [640, 827], // empty
      [506, 639], // 4: taken
      [503, 505], // the page's part of 503-874, known to fit: read as one window, and that is 8
    ]);
    expect(taken).toEqual([[990], [], [], [506, 507, 508, 509], [503, 504, 505]]);
  });

  it('finds the newest of a burst after a quiet stretch in a few calls, not none in 12', async () => {
    // 840 events at 10 000-10 839 of a range to 1 000 000: a burst long before its end.
    const { windows, readPage } = log(range(10_000, 840), 400, { withLastTime: true });
    const { taken, take } = collector(200);
    await readNewestFirst({ startTime: 0, endTime: 999_999 }, readPage, take);
    expect(
      taken
        .flat()
        .sort((a, b) => b - a)
        .slice(0, 200),
    ).toEqual(range(10_640, 200).reverse());
    expect(windows.length).toBe(8);

    // Without the page's last event (eighths alone) the same burst is never reached.
    const blind = log(range(10_000, 840), 400);
    const none = collector(200);
    await readNewestFirst({ startTime: 0, endTime: 999_999 }, blind.readPage, none.take);
    expect(none.taken.flat()).toEqual([]);
  });

  it('takes a full window one millisecond wide as far as its page goes', async () => {
    const { windows, readPage } = log([7, 7, 7, 7, 7, 7], 4);
    const { taken, take } = collector(4);
    // Two of the six were never handed over: not whole.
    expect(await readNewestFirst({ startTime: 7, endTime: 8 }, readPage, take)).toBe(false);
    expect(windows).toEqual([
      [7, 8],
      [8, 8],
      [7, 7],
    ]);
    expect(taken).toEqual([[], [7, 7, 7, 7]]);
  });

  it('takes a window still full at the last call as far as its page goes', async () => {
    const { windows, readPage } = log(range(0, 100), 4);
    const { taken, take } = collector(200);
    expect(await readNewestFirst({ startTime: 0, endTime: 99 }, readPage, take, 2)).toBe(false);
    expect(windows).toEqual([
      [0, 99],
      [87, 99],
    ]);
    expect(taken).toEqual([[87, 88, 89, 90]]);
  });

  it('stops after maxCalls pages, 12 unless told', async () => {
    const short = log(range(0, 100), 4);
    const { taken, take } = collector(200);
    // The last window fit, but the range below it was never read.
    expect(await readNewestFirst({ startTime: 0, endTime: 99 }, short.readPage, take, 3)).toBe(
      false,
    );
    expect(short.windows).toEqual([
      [0, 99],
      [87, 99],
      [98, 99],
    ]);
    expect(taken).toEqual([[98, 99]]);

    const dense = log(range(0, 100_000), 4);
    await readNewestFirst({ startTime: 0, endTime: 99_999 }, dense.readPage, () => false);
    expect(dense.windows.length).toBe(12);
  });

  it('says the range was read when its last call leaves only what a fitting part covered', async () => {
    // Page of [0, 9] ends at 1: [0, 0] is known to fit; [1, 7] then fits too.
    const calls = (maxCalls: number) => {
      const { windows, readPage } = log([0, 1, 2], 2, { withLastTime: true });
      const { take } = collector(100);
      return readNewestFirst({ startTime: 0, endTime: 9 }, readPage, take, maxCalls).then(
        (whole) => ({ whole, windows }),
      );
    };
    // At 3 calls [0, 0] is unread: not whole, though every window read was taken whole.
    expect(await calls(3)).toEqual({
      whole: false,
      windows: [
        [0, 9],
        [8, 9],
        [1, 7],
      ],
    });
    expect(await calls(4)).toEqual({
      whole: true,
      windows: [
        [0, 9],
        [8, 9],
        [1, 7],
        [0, 0],
      ],
    });
  });

  it('keeps nothing of a full window whose page ends where it starts, and reads on below it', async () => {
    // Three events at 80, two to a page: [0, 79] is known to fit after the first call; the
    // full windows that start at 80 have no part before their page's end to keep.
    const { windows, readPage } = log([80, 80, 80], 2, { withLastTime: true });
    const { taken, take } = collector(100);
    expect(await readNewestFirst({ startTime: 0, endTime: 99 }, readPage, take)).toBe(false);
    expect(windows).toEqual([
      [0, 99],
      [87, 99],
      [80, 86],
      [86, 86],
      [82, 85],
      [80, 81],
      [81, 81],
      [80, 80],
      [0, 79],
    ]);
    expect(taken.flat()).toEqual([80, 80]);
  });

  it('reads each part known to fit once, the newer before the older, down to the start', async () => {
    // Two full windows in turn leave [0, 179] and [180, 180] known to fit.
    const { windows, readPage } = log([50, 180, 181, 182], 2, { withLastTime: true });
    const { taken, take } = collector(100);
    expect(await readNewestFirst({ startTime: 0, endTime: 199 }, readPage, take)).toBe(true);
    expect(windows).toEqual([
      [0, 199],
      [180, 199],
      [197, 199],
      [185, 196],
      [181, 184],
      [180, 180],
      [0, 179],
    ]);
    expect(taken.flat()).toEqual([181, 182, 180, 50]);
  });
});
