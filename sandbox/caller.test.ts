import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { callerOf } from './caller.js';

const request = (url: string, authorization?: string) =>
  ({ url, headers: authorization ? { authorization } : {} }) as IncomingMessage;

describe('the caller of a request', () => {
  it('is the access key and region of the SigV4 credential scope', () => {
    expect(
      callerOf(
        request(
          '/',
          'AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20261203/ca-central-1/ecs/aws4_request, SignedHeaders=host, Signature=abc',
        ),
      ),
    ).toEqual({ accessKeyId: 'ASIAEXAMPLE', region: 'ca-central-1' });
  });

  it('reads a presigned URL, and knows nobody in an unsigned request', () => {
    expect(
      callerOf(request('/?X-Amz-Credential=AKIDX%2F20261203%2Fus-east-1%2Fsts%2Faws4_request')),
    ).toEqual({ accessKeyId: 'AKIDX', region: 'us-east-1' });
    expect(callerOf(request('/'))).toEqual({ accessKeyId: '' });
    expect(callerOf(request('/', 'Bearer token'))).toEqual({ accessKeyId: '' });
  });
});
