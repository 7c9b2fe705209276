import type { ComponentProps } from 'react';

/**
 * Every table in Berth: wide ones scroll inside their own box, so a page never scrolls
 * sideways on a phone. Props go to the <table> (aria-label names it for screen readers).
 */
export function Table({
  className = 'w-full text-left text-sm',
  ...props
}: ComponentProps<'table'>) {
  return (
    <div className="max-w-full overflow-x-auto">
      <table className={className} {...props} />
    </div>
  );
}
