/**
 * StartLiveTail: an event stream over HTTP/1.1 (application/vnd.amazon.eventstream), written as
 * produced: initial-response, sessionStart, then a sessionUpdate every second (even empty) with
 * the events ingested since, at most 500 (sampled above that), until the client goes or 3 hours
 * pass (SessionTimeoutException). Reference §2. At most `liveTailQuota` sessions at once
 * (LimitExceededException past it, as AWS's per-account quota).
 */
import { invalidParameter, liveTailLimitExceeded, logGroupNotFound } from '../errors.js';
import type { ServerResponse } from 'node:http';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import { optArray, optString, optStrings } from '../input.js';
import { requestId, type JsonObject } from '../wire.js';
import type { World } from '../world.js';
import { compileFilterPattern } from './filter-pattern.js';
import type { LogEvent, LogGroup, LogStream } from './store.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const MAX_PER_UPDATE = 500;
const SESSION_MS = 3 * 3_600_000;

function frame(headers: Record<string, string>, payload: unknown): Uint8Array {
  const typed = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, { type: 'string' as const, value: v }]),
  );
  return codec.encode({ headers: typed, body: fromUtf8(JSON.stringify(payload)) });
}

const event = (type: string, payload: unknown) =>
  frame(
    { ':message-type': 'event', ':event-type': type, ':content-type': 'application/json' },
    payload,
  );

/** Checks the request as AWS does, before any byte of the stream is sent. */
function resolve(world: World, input: JsonObject) {
  const identifiers = optStrings(input, 'logGroupIdentifiers') ?? [];
  if (identifiers.length < 1 || identifiers.length > 10) {
    throw invalidParameter('logGroupIdentifiers must contain between 1 and 10 log group ARNs.');
  }
  const groups: { group: LogGroup; identifier: string }[] = identifiers.map((identifier) => {
    const match = /^arn:aws[a-z-]*:logs:[^:]*:\d{12}:log-group:([^*]+)$/.exec(identifier);
    if (!match)
      throw invalidParameter(
        `Invalid log group identifier ${identifier}: use the log group ARN without a trailing :*.`,
      );
    const group = world.logs.groups.get(match[1] ?? '');
    if (!group) throw logGroupNotFound(identifier);
    return { group, identifier };
  });
  const names = optStrings(input, 'logStreamNames');
  const prefixes = optStrings(input, 'logStreamNamePrefixes');
  if (names && prefixes)
    throw invalidParameter('logStreamNames and logStreamNamePrefixes are mutually exclusive.');
  if ((names || prefixes) && groups.length !== 1) {
    throw invalidParameter(
      'logStreamNames and logStreamNamePrefixes need exactly one log group identifier.',
    );
  }
  optArray(input, 'logStreamNames');
  const pattern = optString(input, 'logEventFilterPattern');
  return { groups, names, prefixes, pattern, matches: compileFilterPattern(pattern) };
}

export function startLiveTail(world: World, input: JsonObject, res: ServerResponse) {
  const session = resolve(world, input);
  if (world.logs.liveSessions.size >= world.liveTailQuota) {
    throw liveTailLimitExceeded(world.liveTailQuota);
  }
  const id = requestId();
  res.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-RequestId': id,
  });
  res.write(event('initial-response', {}));
  res.write(
    event('sessionStart', {
      requestId: id,
      sessionId: requestId(),
      logGroupIdentifiers: session.groups.map((g) => g.identifier),
      ...(session.names ? { logStreamNames: session.names } : {}),
      ...(session.prefixes ? { logStreamNamePrefixes: session.prefixes } : {}),
      ...(session.pattern ? { logEventFilterPattern: session.pattern } : {}),
    }),
  );

  let pending: JsonObject[] = [];
  const listener = (group: LogGroup, stream: LogStream, logEvent: LogEvent) => {
    const entry = session.groups.find((g) => g.group === group);
    if (!entry) return;
    if (session.names && !session.names.includes(stream.name)) return;
    if (session.prefixes && !session.prefixes.some((p) => stream.name.startsWith(p))) return;
    if (!session.matches(logEvent.message)) return;
    pending.push({
      logStreamName: stream.name,
      logGroupIdentifier: entry.identifier,
      message: logEvent.message,
      timestamp: logEvent.timestamp,
      ingestionTime: logEvent.ingestionTime,
    });
  };
  world.logs.listeners.add(listener);

  const finish = (ending: 'end' | 'timeout') => {
    stop();
    if (ending === 'end') {
      res.end();
      return;
    }
    res.end(
      frame(
        {
          ':message-type': 'exception',
          ':exception-type': 'SessionTimeoutException',
          ':content-type': 'application/json',
        },
        { message: 'Session timed out after 3 hours.' },
      ),
    );
  };
  world.logs.liveSessions.add(finish);

  const started = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - started > SESSION_MS) {
      finish('timeout');
      return;
    }
    let results = pending;
    pending = [];
    const sampled = results.length > MAX_PER_UPDATE;
    if (sampled) {
      const step = results.length / MAX_PER_UPDATE;
      results = Array.from(
        { length: MAX_PER_UPDATE },
        (_, i) => results[Math.floor(i * step)] as JsonObject,
      );
    }
    res.write(event('sessionUpdate', { sessionMetadata: { sampled }, sessionResults: results }));
  }, 1000);

  function stop() {
    clearInterval(timer);
    world.logs.listeners.delete(listener);
    world.logs.liveSessions.delete(finish);
  }
  res.on('close', stop);
}
