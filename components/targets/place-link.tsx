'use client';
/**
 * Links that stay in the page's place (target and region). The root layout provides the place's
 * URL prefix (/t/{target}/{region}, empty for the default place); every in-app link, fetch and
 * navigation of a page goes through it. Links into another place load a new document (the
 * overview's, `fullLoad`), so one document only ever shows one place and its prefix stays true.
 */
import Link from 'next/link';
import { createContext, useContext, type ComponentProps } from 'react';
import type { TargetColor } from '@/lib/targets/config';

/** What marks a page of a named target: its name, colour, account and region. */
export interface PlaceMark {
  target: string;
  color?: TargetColor;
  account?: string;
  region?: string;
}

interface PlaceContext {
  base: string;
  fullLoad?: boolean;
  mark?: PlaceMark;
}

const Place = createContext<PlaceContext>({ base: '' });

export function PlaceProvider({
  children,
  ...value
}: PlaceContext & { children: React.ReactNode }) {
  return <Place.Provider value={value}>{children}</Place.Provider>;
}

/** The URL prefix of the page's place. */
export const usePlaceBase = () => useContext(Place).base;

/** The page's named target, when Berth has a targets file. */
export const usePlaceMark = () => useContext(Place).mark;

/** `href` in the page's place: absolute in-app paths get the prefix, anything else is kept. */
export function inPlaceHref(base: string, href: string): string {
  const inApp = href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/auth/');
  return base && inApp && href !== '/' ? `${base}${href}` : href;
}

export function PlaceLink({ href, ...props }: ComponentProps<typeof Link> & { href: string }) {
  const { base, fullLoad } = useContext(Place);
  const target = inPlaceHref(base, href);
  if (fullLoad) {
    const { className, children, title } = props;
    return (
      <a href={target} className={className} title={title}>
        {children}
      </a>
    );
  }
  return <Link href={target} {...props} />;
}
