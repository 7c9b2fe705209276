/**
 * The Chromium the e2e tests drive: Playwright's own download where it exists, else the
 * system's (Debian's /usr/bin/chromium), which npm test installs where it can.
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export function chromiumExecutable(): string | undefined {
  if (process.env.BERTH_CHROMIUM) return process.env.BERTH_CHROMIUM;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return undefined;
  } catch {
    // no bundled browser: fall through to the system one
  }
  return SYSTEM_CHROMIUM.find((path) => existsSync(path));
}

/** Quiet offline, and root needs --no-sandbox. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
