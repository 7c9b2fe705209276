/**
 * Reading the newest events of a log with FilterLogEvents, which pages forward only, oldest
 * first: forward from `days` ago, a busy trail's first pages are its oldest actions, and the
 * newest need every page in between. So the range is read backwards from its end in windows
 * of one page each. A window that holds more than a page is narrowed (to an eighth) and read
 * again; a window that fits is taken whole and makes the next, older, one four times wider.
 * The first window is the whole range, so a quiet log costs one call.
 *
 * FilterLogEvents' startTime and endTime are both inclusive, so the windows are too.
 */
export interface TimeWindow {
  startTime: number;
  endTime: number;
}

export interface WindowPage<E> {
  events: E[];
  /** The window holds more than this page (FilterLogEvents returned a nextToken). */
  more: boolean;
  /** The time of the page's newest event (its last): where a full window is cut. */
  lastTime?: number;
}

/**
 * Hands `take` each window's events, newest window first, until `take` says it has enough,
 * the range is read, or `maxCalls` pages were read. A window still too full at the last call,
 * or one millisecond wide, is taken as far as its page goes. Returns whether every event up to
 * where it stopped was handed over: false when it stopped at `maxCalls` with the range unread,
 * or took a window in part.
 *
 * A full window's page says where its newer events begin (after the page's last event), so a
 * burst is cut a page at a time rather than guessed at; and the part the page covered, known
 * to fit one page, is read as one window when the reading gets back down to it.
 */
export async function readNewestFirst<E>(
  range: TimeWindow,
  readPage: (window: TimeWindow) => Promise<WindowPage<E>>,
  take: (events: E[]) => boolean,
  maxCalls = 12,
): Promise<boolean> {
  let endTime = range.endTime;
  // The first window is the whole range.
  let span = Number.POSITIVE_INFINITY;
  // Older parts of full windows that fit a page, newest on top. A window never reaches below
  // the top one's end, so the reading meets each at its end and takes it off there.
  const fits: TimeWindow[] = [];
  let whole = true;
  for (let call = 1; call <= maxCalls && endTime >= range.startTime; call++) {
    const known = fits.at(-1);
    const startTime =
      known?.endTime === endTime
        ? known.startTime
        : Math.max(range.startTime, endTime - span + 1, (known?.endTime ?? -Infinity) + 1);
    if (known?.endTime === endTime) fits.pop();
    const page = await readPage({ startTime, endTime });
    const width = endTime - startTime + 1;
    if (page.more && width > 1 && call < maxCalls) {
      const cut = page.lastTime ?? startTime;
      // Every event before the page's last is in the page: that part fits.
      if (cut > startTime) fits.push({ startTime, endTime: cut - 1 });
      // An eighth; the part kept in `fits` also bounds the next window at the cut.
      span = Math.ceil(width / 8);
      continue;
    }
    // A window taken while still full (one millisecond wide, or at the last call) is taken in part.
    if (page.more) whole = false;
    if (take(page.events)) return whole;
    endTime = startTime - 1;
    span = width * 4;
  }
  return whole && endTime < range.startTime;
}
