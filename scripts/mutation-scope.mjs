// The files `npm run test:mutation` mutates: stryker.config.mjs's patterns (with its `!`
// exclusions), matched against the files git knows. Shared by the per-file runner and the report.
import { spawnSync } from 'node:child_process';
import picomatch from 'picomatch';
import base from '../stryker.config.mjs';

export function scopeFiles() {
  const files = spawnSync('git', ['ls-files'], { encoding: 'utf8' }).stdout.split('\n');
  const included = picomatch(base.mutate.filter((p) => !p.startsWith('!')));
  const excluded = picomatch(base.mutate.filter((p) => p.startsWith('!')).map((p) => p.slice(1)));
  return files.filter((file) => included(file) && !excluded(file));
}
