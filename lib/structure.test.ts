/**
 * The layout rules issue 12 set, held by a test so they stay true: route files import from
 * lib/ and components/, never from another route; every table renders through DataTable.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)[^'"]*from\s*'([^']+)'/g;

describe('project structure', () => {
  const routeFiles = sourceFiles('app');

  it('finds the route files (a moved app/ would make the next checks vacuous)', () => {
    expect(routeFiles).toContain(join('app', 'clusters', '[cluster]', 'page.tsx'));
    expect(routeFiles.length).toBeGreaterThan(15);
  });

  it('no route file imports from another route', () => {
    const crossing = routeFiles.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(IMPORT)]
        .map((m) => m[1] ?? '')
        .filter((from) => from.startsWith('.') || from.startsWith('@/app/'))
        .map((from) => `${file} imports ${from}`),
    );
    expect(crossing).toEqual([]);
  });

  it('every table renders through the one primitive (components/ui/table.tsx)', () => {
    const files = [...routeFiles, ...sourceFiles('components')];
    const handWritten = files.filter(
      (file) =>
        file !== join('components', 'ui', 'table.tsx') &&
        /<table[\s>]/.test(readFileSync(file, 'utf8')),
    );
    expect(handWritten).toEqual([]);
  });
});
