import type { EventEnvelope } from '../events/envelope.js';
import { checkEnvelopeSize, envelopeBound } from './envelopeBound.js';

function envelopeWith(data: Record<string, unknown>): EventEnvelope {
  return {
    id: 'evt_01', type: 'clarky.x', vendor: 'clarky', vendor_event: 'x', cataloged: false,
    occurred_at: '2026-03-03T15:01:09.012Z', received_at: '2026-03-03T15:01:09.012Z',
    source: { id: 'src_1', name: 'Front desk' }, person: null, data, warnings: [],
  };
}

describe('checkEnvelopeSize', () => {
  it('is 2 x the body + 16 KiB', () => {
    expect(envelopeBound(0)).toBe(16_384);
    expect(envelopeBound(262_144)).toBe(540_672);
  });

  it('accepts an envelope of exactly the bound', () => {
    const base = Buffer.byteLength(JSON.stringify(envelopeWith({ pad: '' })));
    const envelope = envelopeWith({ pad: 'x'.repeat(envelopeBound(1000) - base) });
    expect(Buffer.byteLength(JSON.stringify(envelope))).toBe(envelopeBound(1000));
    expect(() => checkEnvelopeSize(envelope, 1000)).not.toThrow();
  });

  it('refuses one byte more with payload_too_large naming the sizes and the fix', () => {
    const base = Buffer.byteLength(JSON.stringify(envelopeWith({ pad: '' })));
    const envelope = envelopeWith({ pad: 'x'.repeat(envelopeBound(1000) - base + 1) });
    expect(() => checkEnvelopeSize(envelope, 1000)).toThrow(
      expect.objectContaining({
        code: 'payload_too_large',
        status: 413,
        message: expect.stringMatching(/^The normalized event would be 18385 bytes, over the limit of 2 × the body \(1000 bytes\) \+ 16 KiB = 18384 bytes; .*plain digits\.$/),
      }),
    );
  });
});
