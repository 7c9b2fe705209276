'use client';
import { usePlaceMark, type PlaceMark } from './place-link';

/** Each target colour's chip: literal classes, so Tailwind keeps them. */
const CHIP: Record<string, string> = {
  red: 'bg-red-600 text-white',
  orange: 'bg-orange-600 text-white',
  amber: 'bg-amber-400 text-slate-900',
  green: 'bg-green-700 text-white',
  teal: 'bg-teal-700 text-white',
  sky: 'bg-sky-700 text-white',
  blue: 'bg-blue-700 text-white',
  violet: 'bg-violet-700 text-white',
  pink: 'bg-pink-700 text-white',
  slate: 'bg-slate-600 text-white',
};

/** "prod (111111111111, ca-central-1)", the target's name on its colour. */
export function PlaceName({ mark }: { mark: PlaceMark }) {
  const where = [mark.account, mark.region].filter(Boolean).join(', ');
  return (
    <span data-testid="place-name">
      <strong className={`rounded px-1.5 py-0.5 ${CHIP[mark.color ?? 'slate']}`}>
        {mark.target}
      </strong>
      {where ? ` (${where})` : null}
    </span>
  );
}

/** The page's target in a confirmation: every change says where it lands. */
export function PlaceOfChange() {
  const mark = usePlaceMark();
  if (!mark) return null;
  return (
    <p className="text-slate-800" data-testid="change-place">
      In <PlaceName mark={mark} />
    </p>
  );
}
