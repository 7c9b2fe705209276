#!/usr/bin/env node
// Copies the AWS service models the sandbox is held to (sandbox/models/, read by the model
// conformance test) from a checkout of github.com/boto/botocore: botocore/data holds the
// service models AWS publishes for its SDKs and CLI (the AWS CLI v2 reads the same files).
// Documentation and examples are dropped (most of the bytes; no check reads them); every
// shape and what says what a valid answer is (required, enums, min/max, patterns, errors,
// XML names, timestamp formats) is kept.
//   node scripts/vendor-aws-models.mjs <botocore checkout> [commit]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sandbox's service names and botocore's model paths. */
const MODELS = {
  ecs: 'ecs/2014-11-13',
  ecr: 'ecr/2015-09-21',
  logs: 'logs/2014-03-28',
  cloudwatch: 'cloudwatch/2010-08-01',
  elasticloadbalancing: 'elbv2/2015-12-01',
  'application-autoscaling': 'application-autoscaling/2016-02-06',
  servicediscovery: 'servicediscovery/2017-03-14',
  sts: 'sts/2011-06-15',
};
// Text only: a member may be named like one of these.
const DROPPED = new Set(['documentation', 'documentationUrl']);

const [repo, commit = 'HEAD'] = process.argv.slice(2);
if (!repo) {
  console.error('usage: node scripts/vendor-aws-models.mjs <botocore checkout> [commit]');
  process.exit(2);
}
const git = (...args) =>
  execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const sha = git('rev-parse', commit).trim();

const strip = (value) =>
  Array.isArray(value)
    ? value.map(strip)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([key, item]) => !(DROPPED.has(key) && typeof item === 'string'))
            .map(([key, item]) => [key, strip(item)]),
        )
      : value;

for (const [name, path] of Object.entries(MODELS)) {
  const model = JSON.parse(git('show', `${sha}:botocore/data/${path}/service-2.json`));
  writeFileSync(join('sandbox/models', `${name}.json`), JSON.stringify(strip(model)) + '\n');
}
writeFileSync(
  'sandbox/models/SOURCE.json',
  JSON.stringify(
    {
      repository: 'https://github.com/boto/botocore',
      commit: sha,
      committed: git('show', '-s', '--format=%cI', sha).trim(),
      models: Object.fromEntries(
        Object.entries(MODELS).map(([name, path]) => [
          name,
          `botocore/data/${path}/service-2.json`,
        ]),
      ),
    },
    null,
    2,
  ) + '\n',
);
console.log(`sandbox/models: ${Object.keys(MODELS).length} models from botocore ${sha}`);
