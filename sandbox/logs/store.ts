/** CloudWatch Logs state: groups, streams and their events, bounded in memory. */
import type { InsightsRun } from './insights.js';

export interface LogEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  /** Global ingestion sequence: orders events with equal timestamps and forms eventIds. */
  seq: number;
}

export interface LogStream {
  name: string;
  createdAt: number;
  events: LogEvent[];
  storedBytes: number;
  lastIngestionTime?: number;
}

export interface LogGroup {
  name: string;
  createdAt: number;
  retentionInDays?: number;
  streams: Map<string, LogStream>;
  tags: Record<string, string>;
}

/** Events kept per stream; older ones are dropped first, as retention would. */
export const MAX_EVENTS_PER_STREAM = 20_000;

export class LogStore {
  readonly groups = new Map<string, LogGroup>();
  private seq = 0;
  /** Called for every appended event: live tail sessions subscribe here. */
  readonly listeners = new Set<(group: LogGroup, stream: LogStream, event: LogEvent) => void>();
  /** Open StartLiveTail sessions, each with a way to end it: cleanly, or as AWS does at 3 h. */
  readonly liveSessions = new Set<(ending: 'end' | 'timeout') => void>();
  /** Logs Insights queries by id, oldest first (insights.ts). */
  readonly queries = new Map<string, InsightsRun>();

  createGroup(name: string, now: number): LogGroup {
    const group: LogGroup = { name, createdAt: Math.floor(now), streams: new Map(), tags: {} };
    this.groups.set(name, group);
    return group;
  }

  createStream(group: LogGroup, name: string, now: number): LogStream {
    const stream: LogStream = { name, createdAt: Math.floor(now), events: [], storedBytes: 0 };
    group.streams.set(name, stream);
    return stream;
  }

  /**
   * Appends an event, keeping the stream sorted by timestamp then ingestion order. Times are
   * whole milliseconds, as CloudWatch Logs keeps them (its models say `long`): the simulation's
   * clock has fractions, which also broke the position tokens made from them.
   */
  append(group: LogGroup, stream: LogStream, written: number, message: string, received: number) {
    const timestamp = Math.floor(written);
    const now = Math.floor(received);
    const event: LogEvent = { timestamp, message, ingestionTime: now, seq: ++this.seq };
    const events = stream.events;
    let at = events.length;
    while (at > 0 && (events[at - 1]?.timestamp ?? 0) > timestamp) at--;
    events.splice(at, 0, event);
    if (events.length > MAX_EVENTS_PER_STREAM)
      events.splice(0, events.length - MAX_EVENTS_PER_STREAM);
    stream.storedBytes += Buffer.byteLength(message) + 26;
    stream.lastIngestionTime = now;
    for (const listener of this.listeners) listener(group, stream, event);
    return event;
  }

  /** Writes as the awslogs driver does: the stream is created on first write. */
  write(groupName: string, streamName: string, timestamp: number, message: string, now: number) {
    const group = this.groups.get(groupName);
    if (!group) return false;
    const stream = group.streams.get(streamName) ?? this.createStream(group, streamName, now);
    this.append(group, stream, timestamp, message, now);
    return true;
  }
}
