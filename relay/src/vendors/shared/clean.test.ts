import { cleanPayload, type CleanRules } from './clean.js';

const numberIds: CleanRules = {
  timestampKeys: new Set(['created_at']),
  ids: { isIdKey: (key) => key === 'id' || key.endsWith('_id'), as: 'number' },
};
const stringIds: CleanRules = { ...numberIds, ids: { isIdKey: (key) => key === 'id', as: 'string' } };

describe('cleanPayload', () => {
  it('rewrites readable timestamps in known keys at any depth, silently', () => {
    const input = { created_at: '2026-03-03 14:23:1772547839', list: [{ item: { created_at: '2026-03-03T09:00:00-05:00' } }] };
    expect(cleanPayload(input, numberIds)).toEqual({
      value: { created_at: '2026-03-03T14:23:59.000Z', list: [{ item: { created_at: '2026-03-03T14:00:00.000Z' } }] },
      warnings: [],
    });
  });

  it('leaves timestamps in other keys alone', () => {
    expect(cleanPayload({ dob: '1987-09-23', when: '2026-03-03T14:00:00Z' }, numberIds).value).toEqual({
      dob: '1987-09-23', when: '2026-03-03T14:00:00Z',
    });
  });

  it('keeps an unreadable timestamp as sent and warns with its path', () => {
    const result = cleanPayload({ message: { created_at: 'soon' } }, numberIds, 'payload');
    expect(result.value).toEqual({ message: { created_at: 'soon' } });
    expect(result.warnings).toEqual(['`payload.message.created_at` is not a readable timestamp (got "soon"); kept as sent.']);
  });

  it.each([
    ['null', null],
    ['a blank string', ''],
  ])('keeps a %s timestamp silently', (_name, value) => {
    expect(cleanPayload({ created_at: value }, numberIds)).toEqual({ value: { created_at: value }, warnings: [] });
  });

  it('retypes digit-string ids to numbers, with a warning', () => {
    const result = cleanPayload({ items: [{ product_id: '44' }] }, numberIds);
    expect(result.value).toEqual({ items: [{ product_id: 44 }] });
    expect(result.warnings).toEqual(['`items[0].product_id` arrived as "44"; kept as the number 44.']);
  });

  it('keeps ids that are not unambiguous digits', () => {
    expect(cleanPayload({ id: '007', form_id: 'abc', other_id: null }, numberIds)).toEqual({
      value: { id: '007', form_id: 'abc', other_id: null },
      warnings: [],
    });
  });

  it('retypes number ids to strings for vendors with string ids', () => {
    expect(cleanPayload({ id: 4812, name_id: 5 }, stringIds)).toEqual({
      value: { id: '4812', name_id: 5 },
      warnings: ['`id` arrived as number 4812; kept as the string "4812".'],
    });
  });

  it('does not mutate its input', () => {
    const input = { id: '1', created_at: '2026-03-03T14:00:00Z' };
    cleanPayload(input, numberIds);
    expect(input).toEqual({ id: '1', created_at: '2026-03-03T14:00:00Z' });
  });

  it('keeps a `__proto__` key as a plain key instead of changing the prototype', () => {
    const input: Record<string, unknown> = JSON.parse('{"__proto__": {"polluted": true}, "id": "1"}');
    const { value } = cleanPayload(input, numberIds);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'id']);
  });

  it('passes scalars and nested arrays of scalars through', () => {
    const input = { tags: ['a', 1, null, true, [2, 'b']], n: 3 };
    expect(cleanPayload(input, numberIds)).toEqual({ value: input, warnings: [] });
  });

  it('lists five retyped ids of 28,894, then one summary line, with the long key shortened', () => {
    const input = { ['k'.repeat(2000)]: Array.from({ length: 28_894 }, () => ({ id: 1 })) };
    const { warnings } = cleanPayload(input, stringIds);
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toBe(`\`${'k'.repeat(16)}…(2000 characters)[0].id\` arrived as number 1; kept as the string "1".`);
    expect(warnings[5]).toBe("…and 28889 more of the same kind (an id kept in the vendor's id type).");
  });

  it('summarizes unreadable timestamps apart from retyped ids', () => {
    const input = { list: Array.from({ length: 8 }, () => ({ created_at: 'soon', id: '7' })) };
    const { warnings } = cleanPayload(input, numberIds);
    expect(warnings).toHaveLength(12);
    expect(warnings.slice(-2)).toEqual([
      '…and 3 more of the same kind (an unreadable timestamp kept as sent).',
      "…and 3 more of the same kind (an id kept in the vendor's id type).",
    ]);
  });
});
