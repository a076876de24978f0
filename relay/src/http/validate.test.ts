import { rejectUnknownFields } from './validate.js';

describe('rejectUnknownFields', () => {
  it.each([
    ['an ordinary key', { name: 'x', colour: 'red' }, 'colour', /Unknown field "colour"; allowed: name/],
    // Found by test/integration/adminProperties.test.ts: an empty key lost its `field`.
    ['an empty key', { name: 'x', '': 1 }, '', /Unknown field ""; allowed: name/],
    ['a huge key, cut', { ['k'.repeat(5000)]: 1 }, 'k'.repeat(100), /Unknown field "k{57}\.\.\."/],
  ])('names %s in the error body', (_name, body, field, message) => {
    let thrown: unknown;
    try {
      rejectUnknownFields(body, ['name']);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'invalid_field', field, message: expect.stringMatching(message) });
    expect((thrown as { toBody(): { error: { field?: string } } }).toBody().error).toHaveProperty('field', field);
  });
});
