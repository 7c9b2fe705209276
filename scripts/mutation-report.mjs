#!/usr/bin/env node
// `npm run test:mutation:report`: the mutation score per folder and overall, from
// reports/mutation-scores.json (written by `npm run test:mutation:files`), as a Markdown table.
import { readFileSync } from 'node:fs';
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
for (const [file, s] of Object.entries(scores)) {
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
if (unmeasured.length) {
  console.log(`\nNot yet measured (${unmeasured.length}): ${unmeasured.join(', ')}.`);
}
