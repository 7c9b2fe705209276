import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

const headers = (values: Record<string, string>) => new Headers(values);

describe('clientAddress', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(
      clientAddress(
        headers({ 'x-berth-peer': '::ffff:203.0.113.9', 'x-forwarded-for': '1.2.3.4' }),
        [],
        true,
      ),
    ).toBe('203.0.113.9');
  });

  it('walks X-Forwarded-For from the nearest hop, skipping trusted proxies', () => {
    const request = headers({
      'x-berth-peer': '10.0.0.5',
      'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.4',
    });
    expect(clientAddress(request, ['10.0.0.5', '10.0.0.4'], true)).toBe('198.51.100.7');
  });

  it('is one shared "unknown" without the preload, so a sent x-berth-peer is ignored', () => {
    expect(clientAddress(headers({ 'x-berth-peer': '9.9.9.9' }), [], false)).toBe('unknown');
  });

  it('is the leftmost hop when every hop is a trusted proxy', () => {
    expect(
      clientAddress(
        headers({ 'x-berth-peer': '10.0.0.5', 'x-forwarded-for': '10.0.0.4' }),
        ['10.0.0.5', '10.0.0.4'],
        true,
      ),
    ).toBe('10.0.0.4');
  });
});
