/**
 * Who is calling, as AWS learns it from a SigV4 request: the access key id and the region of
 * the credential scope (`Credential=AKID/20261203/ca-central-1/ecs/aws4_request`), from the
 * Authorization header or a presigned URL's X-Amz-Credential. The sandbox does not check
 * signatures; it only needs to know which account and region a request is meant for.
 */
import type { IncomingMessage } from 'node:http';

export interface Caller {
  /** Empty when the request is not signed. */
  accessKeyId: string;
  /** Undefined when the request is not signed. */
  region?: string;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/[a-z0-9-]+\/aws4_request/;

export function callerOf(req: IncomingMessage): Caller {
  const header = String(req.headers.authorization ?? '');
  const query = new URL(req.url ?? '/', 'http://sandbox').searchParams.get('X-Amz-Credential');
  const match = SCOPE.exec(header) ?? SCOPE.exec(`Credential=${query ?? ''}`);
  return match ? { accessKeyId: match[1]!, region: match[2]! } : { accessKeyId: '' };
}
