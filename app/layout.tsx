import type { Metadata } from 'next';
import { PlaceLink as Link, PlaceProvider } from '@/components/targets/place-link';
import { PlaceSwitcher } from '@/components/targets/place-switcher';
import { placeChoices, placeMark } from '@/lib/views/places';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { KeyboardShortcuts } from '@/components/ui/keyboard-shortcuts';
import { THEME_SCRIPT, ThemeToggle } from '@/components/ui/theme';
import { SignedIn } from '@/components/ui/signed-in';
import { currentPlace, placeBase } from '@/lib/targets/place';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Berth', template: '%s · Berth' },
  description: 'Live state of your Amazon ECS clusters, services, tasks and deployments.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts carry that response's CSP nonce (proxy.ts),
  // which a page prerendered at build time could not.
  await connection();
  const csp = (await headers()).get('content-security-policy') ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  // The place the URL names (proxy.ts): its prefix for every link, and its mark in the header.
  const place = await currentPlace();
  const mark = await placeMark(place);
  return (
    // The theme script sets the class before React hydrates; the mismatch is expected.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <PlaceProvider base={placeBase(place)} {...(mark ? { mark } : {})}>
          <KeyboardShortcuts />
          <a
            href="#main"
            className="sr-only rounded-md bg-white px-3 py-2 text-sm focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
          >
            Skip to content
          </a>
          <header className="palette-fixed border-b border-slate-800 bg-slate-900 text-slate-100">
            <nav
              aria-label="Main"
              className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-5 gap-y-1 px-4 py-2.5 text-sm"
            >
              <Link href="/" className="font-semibold tracking-wide">
                ⚓ Berth
              </Link>
              <Link href="/" className="text-slate-300 hover:text-white">
                Clusters
              </Link>
              {mark ? <PlaceSwitcher places={placeChoices()} /> : null}
              <Link href="/task-definitions" className="text-slate-300 hover:text-white">
                Task definitions
              </Link>
              <Link href="/repositories" className="text-slate-300 hover:text-white">
                Repositories
              </Link>
              <Link href="/audit" className="text-slate-300 hover:text-white">
                Audit
              </Link>
              <span className="ml-auto flex items-center gap-3">
                <SignedIn />
                <ThemeToggle />
              </span>
            </nav>
          </header>
          <main id="main" className="mx-auto max-w-7xl px-4 py-6">
            {children}
          </main>
        </PlaceProvider>
      </body>
    </html>
  );
}
