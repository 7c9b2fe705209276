'use client';

import { createParser } from 'eventsource-parser';
import { useEffect, useRef, useState } from 'react';

export interface LogStreamLine {
  id: string;
  ts: number;
  message: string;
  stream: string;
  container: string;
  task: string;
}

export type LogStreamStatus =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'retrying'; message: string }
  /** Reconnecting will not help (bad request, no permission, too many tabs): shown, not retried. */
  | { state: 'stopped'; message: string };

const MAX_BACKOFF_MS = 30_000;

/**
 * Follows /api/logs with fetch, not EventSource: a refused request's status and message reach
 * the page (EventSource hides them and would retry a 400 forever), and only errors that can heal
 * are retried, with backoff, resuming after the last line seen (Last-Event-ID).
 */
export function useLogStream(
  url: string | null,
  handlers: { onLines: (lines: LogStreamLine[]) => void; onNotice: (message: string) => void },
): LogStreamStatus {
  const [status, setStatus] = useState<LogStreamStatus>({ state: 'connecting' });
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    if (!url) return;
    const abort = new AbortController();
    let lastId = '';
    let backoff = 2000;
    let batch: LogStreamLine[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      flushTimer = undefined;
      const ready = batch;
      batch = [];
      if (ready.length) latest.current.onLines(ready);
    };

    /** One connection; resolves with what to do next. */
    const connect = async (): Promise<{ retry: boolean; message?: string }> => {
      const response = await fetch(url, {
        headers: { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
        signal: abort.signal,
        cache: 'no-store',
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        const message = body.error ?? `The log stream answered ${response.status}.`;
        return { retry: response.status >= 500, message };
      }
      setStatus({ state: 'live' });
      backoff = 2000;
      let end: { retry: boolean; message?: string } = { retry: true };
      const parser = createParser({
        onEvent: (event) => {
          if (event.id) lastId = event.id;
          if (event.event === 'line') {
            batch.push(JSON.parse(event.data) as LogStreamLine);
            // Lines arrive in bursts; render them in batches, not one by one.
            flushTimer ??= setTimeout(flush, 100);
          } else if (event.event === 'notice') {
            latest.current.onNotice((JSON.parse(event.data) as { message: string }).message);
          } else if (event.event === 'end') {
            end = JSON.parse(event.data) as { retry: boolean; message: string };
          }
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
      return end;
    };

    setStatus({ state: 'connecting' });
    void (async () => {
      while (!abort.signal.aborted) {
        let outcome: { retry: boolean; message?: string };
        try {
          outcome = await connect();
        } catch {
          if (abort.signal.aborted) return;
          outcome = { retry: true, message: 'The connection to Berth was lost.' };
        }
        if (abort.signal.aborted) return;
        if (!outcome.retry) {
          setStatus({ state: 'stopped', message: outcome.message ?? 'The log stream ended.' });
          return;
        }
        setStatus({ state: 'retrying', message: outcome.message ?? 'Reconnecting…' });
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    })();

    return () => {
      abort.abort();
      if (flushTimer) clearTimeout(flushTimer);
    };
  }, [url]);

  return status;
}
