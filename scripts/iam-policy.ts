// `npm run iam-policy [-- --read-only] [-- --targets targets.yaml]`: the IAM policy Berth's role
// needs, from lib/aws/iam.ts; with a targets file, sts:AssumeRole on the roles it names.
import { iamPolicy } from '../lib/aws/iam';
import { loadTargets } from '../lib/targets/config';

const readOnly = process.argv.includes('--read-only');
const targetsAt = process.argv.indexOf('--targets');
const targetsFile = targetsAt >= 0 ? process.argv[targetsAt + 1] : process.env.BERTH_TARGETS_FILE;
const targetRoles = targetsFile
  ? loadTargets(targetsFile).flatMap((target) => (target.roleArn ? [target.roleArn] : []))
  : [];
console.log(JSON.stringify(iamPolicy({ actions: !readOnly, targetRoles }), null, 2));
