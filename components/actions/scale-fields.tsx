'use client';

import { useState } from 'react';

const INPUT = 'w-20 rounded-md border border-slate-300 px-2 py-1 text-sm';

/**
 * Scale's fields. When auto scaling manages the service and the count asked for is outside its
 * range, says so (the next scaling action would set it back) and offers to move the range in
 * the same change: minCapacity and maxCapacity are sent only when that box is ticked.
 */
export function ScaleFields({
  current,
  maxDesiredCount,
  range,
}: {
  current: number;
  maxDesiredCount: number;
  range?: { min: number; max: number };
}) {
  const [count, setCount] = useState(String(current));
  const [moveRange, setMoveRange] = useState(false);
  const asked = /^\d{1,9}$/.test(count) ? Number(count) : undefined;
  const outside = range && asked !== undefined && (asked < range.min || asked > range.max);
  return (
    <div className="space-y-2">
      <label className="block text-sm">
        Desired count{' '}
        <input
          name="desiredCount"
          type="number"
          min={0}
          max={maxDesiredCount}
          value={count}
          onChange={(event) => setCount(event.target.value)}
          required
          className={INPUT}
        />
      </label>
      {range ? (
        <p className="text-xs text-slate-600">
          Auto scaling keeps this service between {range.min} and {range.max} tasks.
        </p>
      ) : null}
      {outside ? (
        <div
          className="space-y-2 rounded-md bg-amber-50 p-2 text-xs text-amber-900"
          aria-live="polite"
        >
          <p data-testid="scale-outside-range">
            {asked} is outside the auto scaling range ({range.min}–{range.max}): the next scaling
            action will set the count back.
          </p>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={moveRange}
              onChange={(event) => setMoveRange(event.target.checked)}
            />
            Also change the range to hold {asked}
          </label>
          {moveRange ? (
            <div className="flex flex-wrap gap-3">
              <label>
                Minimum{' '}
                <input
                  name="minCapacity"
                  type="number"
                  min={0}
                  max={maxDesiredCount}
                  defaultValue={Math.min(range.min, asked)}
                  required
                  className={INPUT}
                />
              </label>
              <label>
                Maximum{' '}
                <input
                  name="maxCapacity"
                  type="number"
                  min={0}
                  max={maxDesiredCount}
                  defaultValue={Math.max(range.max, asked)}
                  required
                  className={INPUT}
                />
              </label>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
