/** CloudWatch Logs operations. Timestamps are epoch milliseconds on this wire. */
import {
  invalidParameter,
  logGroupAlreadyExists,
  logGroupNotFound,
  logStreamAlreadyExists,
  logStreamNotFound,
} from '../errors.js';
import {
  isObject,
  optArray,
  optBoolean,
  optEnum,
  optNumber,
  optString,
  optStrings,
  reqString,
} from '../input.js';
import type { World } from '../world.js';
import { paginate, type JsonObject } from '../wire.js';
import { compileFilterPattern } from './filter-pattern.js';
import type { LogEvent, LogGroup, LogStream } from './store.js';

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const DAY = 86_400_000;

const groupNotFound = () => logGroupNotFound();

function groupArn(world: World, name: string) {
  return world.arn('logs', `log-group:${name}`);
}

/** Accepts logGroupName or logGroupIdentifier (a name or an ARN), never both. */
export function resolveGroup(world: World, input: JsonObject): LogGroup {
  const name = optString(input, 'logGroupName');
  const identifier = optString(input, 'logGroupIdentifier');
  if (name && identifier) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const ref = name ?? identifier;
  if (!ref) throw invalidParameter('Either logGroupName or logGroupIdentifier is required.');
  const groupName = ref.startsWith('arn:')
    ? ref.replace(/^arn:[^:]*:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '')
    : ref;
  const group = world.logs.groups.get(groupName);
  if (!group) throw groupNotFound();
  return group;
}

function resolveStream(group: LogGroup, input: JsonObject): LogStream {
  const name = optString(input, 'logStreamName') ?? '';
  const stream = group.streams.get(name);
  if (!stream) throw logStreamNotFound();
  return stream;
}

export function createLogGroup(world: World, input: JsonObject) {
  const name = optString(input, 'logGroupName') ?? '';
  if (!GROUP_NAME.test(name)) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
    );
  }
  if (world.logs.groups.has(name)) {
    throw logGroupAlreadyExists();
  }
  const group = world.logs.createGroup(name, world.now());
  const tags = input.tags;
  if (isObject(tags))
    for (const [key, value] of Object.entries(tags))
      if (typeof value === 'string') group.tags[key] = value;
  return {};
}

export function deleteLogGroup(world: World, input: JsonObject) {
  const group = resolveGroup(world, input);
  world.logs.groups.delete(group.name);
  return {};
}

/** DeleteLogStream: the stream and its events go; a missing one is ResourceNotFoundException. */
export function deleteLogStream(world: World, input: JsonObject) {
  const group = resolveGroup(world, input);
  group.streams.delete(resolveStream(group, input).name);
  return {};
}

export function describeLogGroups(world: World, input: JsonObject) {
  const prefix = optString(input, 'logGroupNamePrefix');
  const pattern = optString(input, 'logGroupNamePattern');
  if (prefix && pattern)
    throw invalidParameter('logGroupNamePrefix and logGroupNamePattern are mutually exclusive.');
  const groups = [...world.logs.groups.values()]
    .filter(
      (g) =>
        (!prefix || g.name.startsWith(prefix)) &&
        (!pattern || g.name.toLowerCase().includes(pattern.toLowerCase())),
    )
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const { page, nextToken } = paginate(groups, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'limit'),
    defaultMax: 50,
    limit: 50,
    param: 'limit',
    query: `dlg:${prefix}:${pattern}`,
  });
  return {
    logGroups: page.map((group) => ({
      logGroupName: group.name,
      creationTime: group.createdAt,
      ...(group.retentionInDays ? { retentionInDays: group.retentionInDays } : {}),
      metricFilterCount: 0,
      arn: `${groupArn(world, group.name)}:*`,
      storedBytes: [...group.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0),
      logGroupClass: 'STANDARD',
      logGroupArn: groupArn(world, group.name),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}

/** The retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

export function putRetentionPolicy(world: World, input: JsonObject) {
  const group = resolveGroup(world, { logGroupName: reqString(input, 'logGroupName') });
  const days = optNumber(input, 'retentionInDays');
  if (days === undefined || !RETENTION_DAYS.includes(days)) {
    throw invalidParameter(
      `1 validation error detected: Value '${days ?? 'null'}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
    );
  }
  group.retentionInDays = days;
  return {};
}

export function deleteRetentionPolicy(world: World, input: JsonObject) {
  const group = resolveGroup(world, { logGroupName: reqString(input, 'logGroupName') });
  delete group.retentionInDays;
  return {};
}

export function createLogStream(world: World, input: JsonObject) {
  const group = resolveGroup(world, input);
  const name = optString(input, 'logStreamName') ?? '';
  if (name === '' || name.length > 512 || /[:*]/.test(name)) {
    throw invalidParameter(
      `Invalid log stream name '${name}': 1 to 512 characters, no ':' or '*'.`,
    );
  }
  if (group.streams.has(name)) {
    throw logStreamAlreadyExists();
  }
  world.logs.createStream(group, name, world.now());
  return {};
}

export function describeLogStreams(world: World, input: JsonObject) {
  const group = resolveGroup(world, input);
  const prefix = optString(input, 'logStreamNamePrefix');
  const orderBy = optEnum(input, 'orderBy', ['LogStreamName', 'LastEventTime']) ?? 'LogStreamName';
  const descending = optBoolean(input, 'descending') ?? false;
  if (prefix && orderBy === 'LastEventTime') {
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const streams = [...group.streams.values()].filter((s) => !prefix || s.name.startsWith(prefix));
  const lastEvent = (s: LogStream) => s.events[s.events.length - 1]?.timestamp ?? 0;
  streams.sort((a, b) =>
    orderBy === 'LastEventTime'
      ? lastEvent(a) - lastEvent(b)
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0,
  );
  if (descending) streams.reverse();
  const { page, nextToken } = paginate(streams, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'limit'),
    defaultMax: 50,
    limit: 50,
    param: 'limit',
    query: `dls:${group.name}:${prefix}:${orderBy}:${descending}`,
  });
  return {
    logStreams: page.map((stream) => ({
      logStreamName: stream.name,
      creationTime: stream.createdAt,
      ...(stream.events.length
        ? {
            firstEventTimestamp: stream.events[0]?.timestamp,
            lastEventTimestamp: lastEvent(stream),
            lastIngestionTime: stream.lastIngestionTime,
          }
        : {}),
      uploadSequenceToken: String(stream.events.length).padStart(56, '4'),
      arn: `${groupArn(world, group.name)}:log-stream:${stream.name}`,
      storedBytes: 0,
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}

export function putLogEvents(world: World, input: JsonObject) {
  const group = resolveGroup(world, input);
  const stream = resolveStream(group, input);
  const events = (optArray(input, 'logEvents') ?? []).filter(isObject);
  if (events.length === 0 || events.length > 10_000) {
    throw invalidParameter('logEvents must contain between 1 and 10000 events.');
  }
  const now = world.now();
  let tooNewStart: number | undefined;
  let tooOldEnd: number | undefined;
  let previous = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    if (typeof event.timestamp !== 'number' || typeof event.message !== 'string') {
      throw invalidParameter(
        'Each log event needs a timestamp (epoch milliseconds) and a message.',
      );
    }
    if (event.timestamp < previous) {
      throw invalidParameter(
        'Log events in a single PutLogEvents request must be in chronological order.',
      );
    }
    previous = event.timestamp;
  }
  const first = events[0]?.timestamp as number;
  if (previous - first > DAY) {
    throw invalidParameter(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
  }
  events.forEach((event, index) => {
    const timestamp = event.timestamp as number;
    if (timestamp > now + 2 * 3_600_000) tooNewStart ??= index;
    else if (timestamp < now - 14 * DAY) tooOldEnd = index + 1;
    else world.logs.append(group, stream, timestamp, event.message as string, now);
  });
  const rejected = {
    ...(tooNewStart !== undefined ? { tooNewLogEventStartIndex: tooNewStart } : {}),
    ...(tooOldEnd !== undefined ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
  };
  return {
    nextSequenceToken: String(stream.events.length).padStart(56, '4'),
    ...(Object.keys(rejected).length ? { rejectedLogEventsInfo: rejected } : {}),
  };
}

/** Position tokens: "f/" or "b/" and the (timestamp, seq) of an event boundary. */
function positionToken(
  direction: 'f' | 'b',
  event: { timestamp: number; seq: number } | undefined,
) {
  const timestamp = event?.timestamp ?? 0;
  const seq = event?.seq ?? 0;
  return `${direction}/${String(timestamp).padStart(20, '0')}${String(seq).padStart(36, '0')}`;
}

function parsePosition(token: string) {
  const match = /^([fb])\/(\d{20})(\d{36})$/.exec(token);
  if (!match) throw invalidParameter('The specified nextToken is invalid.');
  return { direction: match[1] as 'f' | 'b', timestamp: Number(match[2]), seq: Number(match[3]) };
}

/**
 * GetLogEvents and FilterLogEvents return "as many log events as can fit in a response size of
 * 1 MB" (each event counting its UTF-8 message plus 26 bytes), up to the limit; at least one.
 */
const RESPONSE_BYTES = 1_048_576;
const eventBytes = (e: LogEvent) => Buffer.byteLength(e.message) + 26;

function fitFromStart<T>(items: T[], event: (item: T) => LogEvent): T[] {
  let bytes = 0;
  let count = 0;
  for (const item of items) {
    bytes += eventBytes(event(item));
    if (bytes > RESPONSE_BYTES && count > 0) break;
    count++;
  }
  return items.slice(0, count);
}

function fitFromEnd(items: LogEvent[]): LogEvent[] {
  return fitFromStart([...items].reverse(), (e) => e).reverse();
}

const after = (e: LogEvent, p: { timestamp: number; seq: number }) =>
  e.timestamp > p.timestamp || (e.timestamp === p.timestamp && e.seq > p.seq);

export function getLogEvents(world: World, input: JsonObject) {
  const group = resolveGroup(world, input);
  const stream = resolveStream(group, input);
  const limit = optNumber(input, 'limit') ?? 10_000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw invalidParameter('limit must be between 1 and 10000.');
  const startTime = optNumber(input, 'startTime');
  const endTime = optNumber(input, 'endTime');
  const inRange = stream.events.filter(
    (e) =>
      (startTime === undefined || e.timestamp >= startTime) &&
      (endTime === undefined || e.timestamp < endTime),
  );
  const token = optString(input, 'nextToken');
  let page: LogEvent[];
  if (token) {
    const position = parsePosition(token);
    if (position.direction === 'f')
      page = fitFromStart(inRange.filter((e) => after(e, position)).slice(0, limit), (e) => e);
    else
      page = fitFromEnd(
        inRange
          .filter(
            (e) =>
              !after(e, position) &&
              !(e.timestamp === position.timestamp && e.seq === position.seq),
          )
          .slice(-limit),
      );
    if (page.length === 0) {
      // At either end AWS hands back the token it was given.
      return {
        events: [],
        nextForwardToken: position.direction === 'f' ? token : positionToken('f', position),
        nextBackwardToken: position.direction === 'b' ? token : positionToken('b', position),
      };
    }
  } else {
    page =
      optBoolean(input, 'startFromHead') === true
        ? fitFromStart(inRange.slice(0, limit), (e) => e)
        : fitFromEnd(inRange.slice(-limit));
  }
  const first = page[0];
  const last = page[page.length - 1];
  return {
    events: page.map((e) => ({
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
    })),
    nextForwardToken: positionToken('f', last ?? { timestamp: 0, seq: 0 }),
    nextBackwardToken: positionToken('b', first ?? { timestamp: 0, seq: 0 }),
  };
}

/** eventIds are unique and stable: the event's timestamp and ingestion sequence. */
function eventId(event: LogEvent) {
  return `${String(event.timestamp).padStart(20, '0')}${String(event.seq).padStart(36, '0')}`;
}

export function filterLogEvents(world: World, input: JsonObject) {
  const group = resolveGroup(world, input);
  const names = optStrings(input, 'logStreamNames');
  const prefix = optString(input, 'logStreamNamePrefix');
  if (names && prefix) {
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive.');
  }
  if (names && (names.length === 0 || names.length > 100)) {
    throw invalidParameter('logStreamNames must contain between 1 and 100 names.');
  }
  const limit = optNumber(input, 'limit') ?? 10_000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw invalidParameter('limit must be between 1 and 10000.');
  const startTime = optNumber(input, 'startTime');
  const endTime = optNumber(input, 'endTime');
  const matches = compileFilterPattern(optString(input, 'filterPattern'));
  const token = optString(input, 'nextToken');
  const query = `fle:${group.name}:${names?.join()}:${prefix}:${startTime}:${endTime}:${optString(input, 'filterPattern')}`;
  let cursor: { timestamp: number; seq: number } | undefined;
  if (token) {
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
        t: number;
        s: number;
        q: string;
      };
      if (parsed.q !== query) throw new Error('other query');
      cursor = { timestamp: parsed.t, seq: parsed.s };
    } catch {
      throw invalidParameter('The specified nextToken is invalid.');
    }
  }
  const found: { stream: string; event: LogEvent }[] = [];
  for (const stream of group.streams.values()) {
    if (names && !names.includes(stream.name)) continue;
    if (prefix && !stream.name.startsWith(prefix)) continue;
    for (const event of stream.events) {
      if (startTime !== undefined && event.timestamp < startTime) continue;
      if (endTime !== undefined && event.timestamp > endTime) continue;
      if (cursor && !after(event, cursor)) continue;
      if (matches(event.message)) found.push({ stream: stream.name, event });
    }
  }
  found.sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.seq - b.event.seq);
  const page = fitFromStart(found.slice(0, limit), (f) => f.event);
  const last = page[page.length - 1];
  const more = found.length > page.length && last;
  return {
    events: page.map(({ stream, event }) => ({
      logStreamName: stream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: eventId(event),
    })),
    searchedLogStreams: [],
    ...(more
      ? {
          nextToken: Buffer.from(
            JSON.stringify({ t: last.event.timestamp, s: last.event.seq, q: query }),
          ).toString('base64'),
        }
      : {}),
  };
}
