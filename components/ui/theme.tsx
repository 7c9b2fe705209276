'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * Light, dark, or the system's choice (the default), remembered in this browser. The class on
 * <html> is set before the first paint by THEME_SCRIPT, so a dark page never flashes white.
 */
const KEY = 'berth-theme';
type Choice = 'system' | 'light' | 'dark';
const NEXT: Record<Choice, Choice> = { system: 'light', light: 'dark', dark: 'system' };
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Runs inline in <head> (with the response's CSP nonce) before anything renders. */
export const THEME_SCRIPT = `try{var t=localStorage.getItem('${KEY}');document.documentElement.classList.toggle('dark',t==='dark'||(t!=='light'&&matchMedia('${DARK_QUERY}').matches))}catch(e){}`;

function storedChoice(): Choice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: Choice) {
  const dark = choice === 'dark' || (choice === 'system' && matchMedia(DARK_QUERY).matches);
  document.documentElement.classList.toggle('dark', dark);
}

export function ThemeToggle() {
  const [choice, setChoice] = useState<Choice | null>(null);

  useEffect(() => {
    // Read after mount: the server cannot know what this browser stored.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setChoice(storedChoice());
    const media = matchMedia(DARK_QUERY);
    const follow = () => {
      if (storedChoice() === 'system') apply('system');
    };
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, []);

  const current = choice ?? 'system';
  return (
    <button
      type="button"
      onClick={() => {
        const next = NEXT[current];
        try {
          if (next === 'system') localStorage.removeItem(KEY);
          else localStorage.setItem(KEY, next);
        } catch {
          // storage refused (private mode): the choice lasts for this page only
        }
        apply(next);
        setChoice(next);
      }}
      className="rounded-md border border-slate-700 px-2 py-0.5 text-xs whitespace-nowrap text-slate-300 hover:text-white"
      aria-label={`Theme: ${current}. Switch to ${NEXT[current]}`}
      data-testid="theme-toggle"
    >
      Theme: {current}
    </button>
  );
}

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

/** Whether the page is dark now; false on the server. For widgets that theme themselves. */
export function useDarkMode(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => document.documentElement.classList.contains('dark'),
    () => false,
  );
}
