#!/usr/bin/env node
/**
 * Replays a file's Survived mutants by hand: each is written into the source, the named tests
 * run (`npx vitest run <tests>`), and the source is put back. It tells a real survivor from one
 * Stryker never tested for real (its vitest runner does not activate a mutant it classes static,
 * stryker-js#6144, #6209 — seen once in sandbox/ecs/simulation.ts), and shows which survivors
 * tests written since the run kill, without a new Stryker run. The report is left as it is.
 * A mutant counts as killed only when a test failed; a run that broke otherwise (a mutant the
 * parser refuses, no test found) is shown as `error`, not counted.
 *
 *   node scripts/replay-survivors.mjs sandbox/ecs/simulation.ts sandbox/ecs/simulation.test.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

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
    // Vitest's summary line, colours stripped: "Tests  1 failed | 18 passed (19)".
    const summary = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
    const outcome =
      run.status === 0 ? 'survived' : /Tests\s+\d+ failed/.test(summary) ? 'killed' : 'error';
    if (outcome === 'killed') killed++;
    console.log(
      `${outcome}\t${file}:${start.line}:${start.column}\t${mutant.mutatorName}\t${mutant.replacement.replace(/\s+/g, ' ').slice(0, 70)}`,
    );
  }
} finally {
  writeFileSync(file, original);
}
console.log(`== ${file}: ${killed} of ${survivors.length} survivors killed by ${tests.join(', ')}`);
