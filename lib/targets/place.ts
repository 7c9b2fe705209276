/**
 * A place is one region of one target: what every AWS call, cache key and URL of Berth is for.
 *
 * A request names its place in its URL (/t/{target}/{region}/…); proxy.ts strips that prefix,
 * rewrites to the page the rest names and passes the place on in PLACE_HEADER (a URL's place
 * overwrites any such header the caller sent). Work that outlives the request's own code (a cached read's
 * loader, a shared log tail) runs inside `inPlace`, so the AWS clients it takes are that place's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Where } from '../auth/policy';
import { env } from '../env';
import { NO_REGION, type Target } from './config';

export interface Place {
  target: Target;
  /** Undefined only for the implicit target without AWS_REGION (the SDK then reads the profile). */
  region: string | undefined;
}

/** Set by proxy.ts from the URL; a caller's own names a place as a URL could, and only a known one is kept. */
export const PLACE_HEADER = 'x-berth-place';

export const placeId = (place: Place) => `${place.target.name}/${place.region ?? NO_REGION}`;

export const samePlace = (a: Place, b: Place) => placeId(a) === placeId(b);

/** Every region of every target, in the targets file's order. */
export function allPlaces(): Place[] {
  return env().targets.flatMap((target): Place[] =>
    target.regions.length
      ? target.regions.map((region) => ({ target, region }))
      : [{ target, region: undefined }],
  );
}

/** Where a policy sees `place` (and `cluster`): lib/auth/policy.ts matches its patterns there. */
export function placeForPolicy(place: Place, cluster: string | undefined): Where {
  return {
    target: place.target.name,
    region: place.region ?? NO_REGION,
    cluster,
    named: !place.target.implicit,
  };
}

/** Whether Berth has a targets file (several places, URLs that name them). */
export const hasTargets = () => !env().targets[0]!.implicit;

/** The first region of the first target: what today's URLs (without /t/…) show. */
export const defaultPlace = (): Place => allPlaces()[0]!;

export function findPlace(targetName: string, region: string): Place | undefined {
  return allPlaces().find((p) => p.target.name === targetName && p.region === region);
}

/** Whether `id` (target/region) is one of Berth's places. */
export const isPlaceId = (id: string) => allPlaces().some((place) => placeId(place) === id);

/** The place a PLACE_HEADER value names; the default place when it names none. */
export function placeOfHeader(value: string | null | undefined): Place {
  if (!value) return defaultPlace();
  const [target = '', region = ''] = value.split('/');
  return findPlace(target, region) ?? defaultPlace();
}

/**
 * The URL prefix of a place: empty for the default place (today's URLs keep working), else
 * /t/{target}/{region}.
 */
export function placeBase(place: Place): string {
  if (place.target.implicit || samePlace(place, defaultPlace())) return '';
  return `/t/${encodeURIComponent(place.target.name)}/${encodeURIComponent(place.region ?? '')}`;
}

export type PathPlace =
  | { kind: 'none' }
  | { kind: 'place'; place: Place; rest: string }
  | { kind: 'unknown'; target: string; region: string };

/** What a request path names: no place (the default), a known place and the path after it, or an unknown one. */
export function placeOfPath(pathname: string): PathPlace {
  const match = /^\/t\/([^/]+)\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match) return { kind: 'none' };
  const target = safeDecode(match[1]!);
  const region = safeDecode(match[2]!);
  const place = findPlace(target, region);
  if (!place || place.target.implicit) return { kind: 'unknown', target, region };
  return { kind: 'place', place, rest: match[3] ?? '/' };
}

/** What a URL naming a target or region Berth does not have is told (404). */
export function unknownPlaceMessage(target: string, region: string): string {
  const known = allPlaces()
    .filter((p) => !p.target.implicit)
    .map(placeId);
  return known.length
    ? `Berth has no target ${target} in region ${region}. It shows: ${known.join(', ')} (BERTH_TARGETS_FILE).`
    : `Berth shows one account and region: this address names target ${target} in region ${region}, and there is no BERTH_TARGETS_FILE.`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

interface Scope {
  place: Place;
  /** The signed-in person a change is made for: assumed roles name them in their session. */
  actor?: string;
}

const storage = new AsyncLocalStorage<Scope>();

/** Runs `work` (and everything it starts) against `place`'s AWS clients. */
export function inPlace<T>(place: Place, work: () => T, actor?: string): T {
  return storage.run(actor ? { place, actor } : { place }, work);
}

/** Whom the running change is for, if a person; reads run as Berth itself. */
export const actorInScope = (): string | undefined => storage.getStore()?.actor;

/**
 * The place the running code is for. Outside `inPlace`, only a Berth without a targets file has
 * an answer (its one place): with several, an AWS call that does not know its place is a bug,
 * and reaching the wrong account would be worse than failing.
 */
export function placeInScope(): Place {
  const scope = storage.getStore();
  if (scope) return scope.place;
  const places = allPlaces();
  if (places.length === 1) return places[0]!;
  throw new Error('Berth made an AWS call outside a place (lib/targets/place.ts: inPlace).');
}

/** The place of this request: the one being run in, else the one its URL named. */
export async function currentPlace(): Promise<Place> {
  const inScope = storage.getStore();
  if (inScope) return inScope.place;
  return placeOfHeader(await requestPlaceHeader());
}

async function requestPlaceHeader(): Promise<string | null> {
  try {
    const { headers } = await import('next/headers');
    return (await headers()).get(PLACE_HEADER);
  } catch {
    // Outside a request (tests, start-up): there is no URL to name a place.
    return null;
  }
}
