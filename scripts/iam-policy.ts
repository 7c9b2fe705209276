// `npm run iam-policy [-- --read-only]`: the IAM policy Berth's role needs, from lib/aws/iam.ts.
import { iamPolicy } from '../lib/aws/iam';

const readOnly = process.argv.includes('--read-only');
console.log(JSON.stringify(iamPolicy({ actions: !readOnly }), null, 2));
