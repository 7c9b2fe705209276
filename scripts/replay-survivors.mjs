#!/usr/bin/env node
/**
 * Replays a file's Survived mutants by hand: each is written into the source, the named tests
 * run (`npx vitest run <tests>`), and the source is put back. Why: Stryker's vitest runner never
 * activates a mutant it classes as static (stryker-js#6144, #6209), and code the in-process
 * sandbox's clock runs between tests (sandbox/ecs) is classed static, so such a mutant is
 * reported Survived however the tests stand. The Stryker report is left as it is; this prints
 * which survivors the tests do kill, for the README.
 *
 *   node scripts/replay-survivors.mjs sandbox/ecs/simulation.ts sandbox/ecs/simulation.test.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [file, ...tests] = process.argv.slice(2);
if (!file || !tests.length) {
  console.error('Usage: node scripts/replay-survivors.mjs <source file> <test file>...');
  process.exit(2);
}
if (execFileSync('git', ['status', '--porcelain', '--', file], { encoding: 'utf8' }).trim()) {
  console.error(`${file} has uncommitted changes: commit or stash them first.`);
  process.exit(2);
}
const report = JSON.parse(
  readFileSync(`reports/stryker/${file.replace(/[/.]/g, '_')}.json`, 'utf8'),
);
const original = readFileSync(file, 'utf8');
if (report.files[file].source !== original) {
  console.error(`${file} changed since its report was written: run Stryker on it again first.`);
  process.exit(2);
}
const lines = original.split('\n');
/** Offset of a report location (1-based line and column) in the source. */
const offset = ({ line, column }) =>
  lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;

const survivors = report.files[file].mutants.filter((m) => m.status === 'Survived');
let killed = 0;
try {
  for (const mutant of survivors) {
    const { start, end } = mutant.location;
    writeFileSync(
      file,
      original.slice(0, offset(start)) + mutant.replacement + original.slice(offset(end)),
    );
    const run = spawnSync('npx', ['vitest', 'run', ...tests], { encoding: 'utf8' });
    const outcome = run.status === 0 ? 'survived' : 'killed';
    if (outcome === 'killed') killed++;
    console.log(
      `${outcome}\t${file}:${start.line}:${start.column}\t${mutant.mutatorName}\t${mutant.replacement.replace(/\s+/g, ' ').slice(0, 70)}`,
    );
  }
} finally {
  writeFileSync(file, original);
}
console.log(`== ${file}: ${killed} of ${survivors.length} survivors killed by ${tests.join(', ')}`);
