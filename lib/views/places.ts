import 'server-only';
import type { PlaceMark } from '@/components/targets/place-link';
import type { PlaceChoice } from '@/components/targets/place-switcher';
import { accountOf } from '../aws/account';
import { allPlaces, placeBase, placeId, type Place } from '../targets/place';

/** How a page of a named target is marked; none without a targets file. */
export async function placeMark(place: Place): Promise<PlaceMark | undefined> {
  if (place.target.implicit) return undefined;
  // An unreachable target still marks its pages, without the account.
  const account = await accountOf(place).catch(() => undefined);
  return {
    target: place.target.name,
    ...(place.target.color ? { color: place.target.color } : {}),
    ...(account ? { account } : {}),
    ...(place.region ? { region: place.region } : {}),
  };
}

/** Every place, for the header's switcher. */
export function placeChoices(): PlaceChoice[] {
  return allPlaces().map((place) => ({
    id: placeId(place),
    target: place.target.name,
    ...(place.region ? { region: place.region } : {}),
    ...(place.target.color ? { color: place.target.color } : {}),
    base: placeBase(place),
  }));
}
