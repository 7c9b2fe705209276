#!/usr/bin/env node
// `npm run test:mutation:report`: the mutation score per folder and overall, from
// reports/mutation-scores.json (written by `npm run test:mutation:files`), as a Markdown table.
// A score counts only while the source it was measured on is the file's source today (the
// incremental result keeps that source): a file changed since is listed for a rerun instead.
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { scopeFiles } from './mutation-scope.mjs';

const scores = JSON.parse(readFileSync('reports/mutation-scores.json', 'utf8'));
const folders = new Map();
const add = (key, s) => {
  const row = folders.get(key) ?? { detected: 0, survived: 0, noCoverage: 0, files: 0 };
  row.detected += s.killed + s.timeout;
  row.survived += s.survived;
  row.noCoverage += s.noCoverage;
  row.files += 1;
  folders.set(key, row);
};
/** Whether the file's last run mutated the source it has today. */
const current = (file) => {
  const run = `reports/stryker/${file.replace(/[/.]/g, '_')}.json`;
  if (!existsSync(run)) return false;
  return JSON.parse(readFileSync(run, 'utf8')).files[file]?.source === readFileSync(file, 'utf8');
};
const changed = [];
for (const [file, s] of Object.entries(scores)) {
  if (!current(file)) {
    changed.push(file);
    continue;
  }
  add(dirname(file), s);
  add('all', s);
}
const pct = (r) => {
  const valid = r.detected + r.survived + r.noCoverage;
  return valid ? `${((100 * r.detected) / valid).toFixed(1)} %` : '—';
};
console.log('| Folder | Files | Detected | Survived | No coverage | Score |');
console.log('|---|---|---|---|---|---|');
for (const [folder, r] of [...folders].sort(([a], [b]) =>
  a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b),
)) {
  console.log(
    `| ${folder === 'all' ? '**all measured**' : folder} | ${r.files} | ${r.detected} | ${r.survived} | ${r.noCoverage} | ${pct(r)} |`,
  );
}
const unmeasured = scopeFiles().filter((file) => !(file in scores));
if (changed.length) {
  console.log(`\nChanged since measured, to rerun (${changed.length}): ${changed.join(', ')}.`);
}
if (unmeasured.length) {
  console.log(`\nNot yet measured (${unmeasured.length}): ${unmeasured.join(', ')}.`);
}
