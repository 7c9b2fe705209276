import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Berth', template: '%s · Berth' },
  description: 'Live state of your Amazon ECS clusters, services, tasks and deployments.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts carry that response's CSP nonce (proxy.ts),
  // which a page prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body>
        <header className="border-b border-slate-800 bg-slate-900 text-slate-100">
          <nav
            aria-label="Main"
            className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-2.5 text-sm"
          >
            <Link href="/" className="font-semibold tracking-wide">
              ⚓ Berth
            </Link>
            <Link href="/" className="text-slate-300 hover:text-white">
              Clusters
            </Link>
            <Link href="/task-definitions" className="text-slate-300 hover:text-white">
              Task definitions
            </Link>
            <Link href="/repositories" className="text-slate-300 hover:text-white">
              Repositories
            </Link>
          </nav>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
