'use client';

import { useEffect } from 'react';

/** `/` focuses the page's filter (the field marked data-page-filter), as on GitHub. */
export function KeyboardShortcuts() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      const filter = document.querySelector<HTMLInputElement>('[data-page-filter]');
      if (!filter) return;
      event.preventDefault();
      filter.focus();
      filter.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
