'use client';
import { usePathname } from 'next/navigation';
import { usePlaceBase, usePlaceMark } from './place-link';
import { PlaceName } from './place-name';
import type { TargetColor } from '@/lib/targets/config';
import { placeAnchor } from '@/lib/targets/anchor';

export interface PlaceChoice {
  /** prod/ca-central-1 */
  id: string;
  target: string;
  region?: string;
  color?: TargetColor;
  /** The place's URL prefix, empty for the default place. */
  base: string;
}

/** Pages every place has: switching keeps the page; from any other, the overview's group. */
const LIST_PAGES = ['/task-definitions', '/repositories', '/audit'];

/**
 * The header's target and region, on the target's colour, and a menu of the others. Each choice
 * is a plain link (a new document), so the page never mixes two places.
 */
export function PlaceSwitcher({ places }: { places: PlaceChoice[] }) {
  const mark = usePlaceMark();
  const base = usePlaceBase();
  const pathname = usePathname();
  if (!mark) return null;
  const rest = base && pathname.startsWith(base) ? pathname.slice(base.length) || '/' : pathname;
  const hrefOf = (place: PlaceChoice) =>
    LIST_PAGES.includes(rest) ? `${place.base}${rest}` : `/#${placeAnchor(place.id)}`;
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none text-slate-100" aria-label="Switch target">
        <PlaceName mark={mark} /> <span aria-hidden>▾</span>
      </summary>
      <ul className="absolute left-0 z-30 mt-1 w-max rounded-md border border-slate-700 bg-slate-900 p-1 shadow-lg">
        {places.map((place) => (
          <li key={place.id}>
            <a
              href={hrefOf(place)}
              className="block rounded px-2 py-1 text-slate-200 hover:bg-slate-800"
              aria-current={place.base === base ? 'page' : undefined}
            >
              {place.target} · {place.region ?? 'default region'}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
