import { afterEach, describe, expect, it } from 'vitest';
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

describe('clientAddress edges', () => {
  afterEach(() => {
    delete process.env.BERTH_PEER_HEADER;
  });

  it('believes x-berth-peer by default only when the preload set BERTH_PEER_HEADER=1', () => {
    const request = headers({ 'x-berth-peer': '203.0.113.9' });
    expect(clientAddress(request, [])).toBe('unknown');
    process.env.BERTH_PEER_HEADER = '1';
    expect(clientAddress(request, [])).toBe('203.0.113.9');
    process.env.BERTH_PEER_HEADER = 'true';
    expect(clientAddress(request, [])).toBe('unknown');
  });

  it('is "unknown" when the peer header is trusted but missing', () => {
    expect(clientAddress(headers({}), ['10.0.0.5'], true)).toBe('unknown');
  });

  it('strips only a leading IPv4-mapped prefix', () => {
    expect(clientAddress(headers({ 'x-berth-peer': 'FE80::FFFF:1' }), [], true)).toBe(
      'fe80::ffff:1',
    );
  });

  it('is the trusted peer itself when it forwarded no X-Forwarded-For', () => {
    expect(clientAddress(headers({ 'x-berth-peer': '10.0.0.5' }), ['10.0.0.5'], true)).toBe(
      '10.0.0.5',
    );
  });

  it('skips empty hops (a trailing comma is not an address)', () => {
    const request = headers({ 'x-berth-peer': '10.0.0.5', 'x-forwarded-for': '198.51.100.7, ' });
    expect(clientAddress(request, ['10.0.0.5'], true)).toBe('198.51.100.7');
  });

  it('is the leftmost hop when it is the only one no trusted proxy wrote', () => {
    const request = headers({
      'x-berth-peer': '10.0.0.5',
      'x-forwarded-for': '198.51.100.7, 10.0.0.4',
    });
    expect(clientAddress(request, ['10.0.0.5', '10.0.0.4'], true)).toBe('198.51.100.7');
  });
});
