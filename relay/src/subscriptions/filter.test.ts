import { AppError } from '../errors.js';
import { compileFilter, evaluate, type Filter } from './filter.js';

const event = JSON.parse(`{
  "id": "evt_1", "type": "clarky.booking.confirmed", "vendor": "clarky", "cataloged": true,
  "occurred_at": "2026-03-03T15:01:09.012Z",
  "person": {"email": "ada@example.com", "first_name": "Ada", "last_name": null, "phone": null},
  "data": {"booking": {"status": "confirmed", "seats": 3, "tags": ["vip", "new"]},
           "count": 0, "__proto__": {"polluted": true}}
}`) as unknown;

function compiled(input: unknown): Filter {
  const filter = compileFilter(input);
  if (filter instanceof AppError) throw filter;
  return filter;
}

describe('evaluate', () => {
  it.each<[string, unknown, boolean]>([
    ['an empty filter', {}, true],
    ['a bare value as $eq', { 'data.booking.status': 'confirmed' }, true],
    ['a bare value that differs', { 'data.booking.status': 'cancelled' }, false],
    ['the contract example', { 'data.booking.status': 'confirmed', 'person.email': { $exists: true } }, true],
    ['all keys together (one fails)', { 'data.booking.status': 'confirmed', vendor: 'clockwork' }, false],
    ['no type coercion', { 'data.booking.seats': '3' }, false],
    ['$eq on a number', { 'data.booking.seats': { $eq: 3 } }, true],
    ['$eq on a boolean', { cataloged: true }, true],
    ['$ne', { vendor: { $ne: 'clockwork' } }, true],
    ['$ne on a missing field', { 'data.nothing': { $ne: 'x' } }, true],
    ['$eq null on null', { 'person.last_name': null }, true],
    ['$eq null on a missing field', { 'data.nothing': null }, true],
    ['$eq null on a value', { 'person.email': null }, false],
    ['$exists true on a value', { 'person.email': { $exists: true } }, true],
    ['$exists true on null', { 'person.phone': { $exists: true } }, false],
    ['$exists false on a missing field', { 'data.nothing': { $exists: false } }, true],
    ['$exists true on zero', { 'data.count': { $exists: true } }, true],
    ['$in', { vendor: { $in: ['clockwork', 'clarky'] } }, true],
    ['$in without the value', { vendor: { $in: ['clockwork'] } }, false],
    ['$nin', { vendor: { $nin: ['clockwork'] } }, true],
    ['an array field containing the value', { 'data.booking.tags': 'vip' }, true],
    ['an array field with $in', { 'data.booking.tags': { $in: ['gold', 'new'] } }, true],
    ['an array field with $nin', { 'data.booking.tags': { $nin: ['vip'] } }, false],
    ['an array field by index', { 'data.booking.tags.1': 'new' }, true],
    ['$gt on numbers', { 'data.booking.seats': { $gt: 2 } }, true],
    ['$gt at the bound', { 'data.booking.seats': { $gt: 3 } }, false],
    ['$gte at the bound', { 'data.booking.seats': { $gte: 3 } }, true],
    ['$lt and $lte together', { 'data.booking.seats': { $lt: 4, $lte: 3 } }, true],
    ['$lt on ISO timestamps as strings', { occurred_at: { $lt: '2026-03-04' } }, true],
    ['$gte on timestamps, later bound', { occurred_at: { $gte: '2026-03-04' } }, false],
    ['a number bound against a string field', { occurred_at: { $gt: 0 } }, false],
    ['a comparison on a missing field', { 'data.nothing': { $lt: 5 } }, false],
    ['$regex', { 'person.email': { $regex: '@example\\.com$' } }, true],
    ['$regex case-sensitive by default', { 'person.first_name': { $regex: '^ada$' } }, false],
    ['$regex with $options i', { 'person.first_name': { $regex: '^ada$', $options: 'i' } }, true],
    ['$regex over array elements', { 'data.booking.tags': { $regex: '^v' } }, true],
    ['$regex on a number', { 'data.booking.seats': { $regex: '3' } }, false],
    ['$or with one match', { $or: [{ vendor: 'clockwork' }, { vendor: 'clarky' }] }, true],
    ['$or with none', { $or: [{ vendor: 'clockwork' }, { vendor: 'clarityflow' }] }, false],
    ['$and', { $and: [{ vendor: 'clarky' }, { 'data.booking.seats': { $gte: 3 } }] }, true],
    ['$and with one miss', { $and: [{ vendor: 'clarky' }, { 'data.booking.seats': { $gte: 4 } }] }, false],
    ['nested $or in $and', { $and: [{ $or: [{ vendor: 'x' }, { cataloged: true }] }, { type: { $regex: 'booking' } }] }, true],
    ['a key only on the prototype', { 'data.booking.constructor': { $exists: true } }, false],
    ['an inherited toString', { 'person.toString': { $exists: true } }, false],
    ['an own __proto__ key from JSON', { 'data.__proto__.polluted': true }, true],
  ])('evaluates %s', (_name, input, expected) => {
    expect(evaluate(compiled(input), event)).toBe(expected);
  });
});

describe('compileFilter', () => {
  const deep = (levels: number): unknown => (levels === 0 ? { vendor: 'clarky' } : { $and: [deep(levels - 1)] });

  it('accepts $and / $or five levels deep', () => {
    expect(compileFilter(deep(5))).not.toBeInstanceOf(AppError);
  });
  it('accepts 50 conditions', () => {
    const input = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`data.f${i}`, i]));
    expect(compileFilter(input)).not.toBeInstanceOf(AppError);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a filter that is an array', [], 'filter', /Expected `filter` to be an object of conditions/],
    ['a filter that is a string', 'vendor=clarky', 'filter', /got "vendor=clarky"/],
    ['a malformed path', { 'data..status': 'x' }, 'filter["data..status"]', /dotted path/],
    ['an unknown operator', { vendor: { $like: 'c%' } }, 'filter["vendor"].$like', /Unknown operator `\$like`/],
    ['an unknown top-level operator', { $where: 'true' }, 'filter.$where', /only `\$and` and `\$or`/],
    ['a field operator at the top', { $eq: 1 }, 'filter.$eq', /go under a field path/],
    ['an operator mixed with a field', { data: { $exists: true, booking: 1 } }, 'filter["data"]', /use a dotted path/],
    ['an empty operator object', { vendor: {} }, 'filter["vendor"]', /object of operators/],
    ['a bare array value', { vendor: ['clarky'] }, 'filter["vendor"]', /got an array/],
    ['an object for $eq', { vendor: { $eq: { a: 1 } } }, 'filter["vendor"].$eq', /got an object/],
    ['a string for $in', { vendor: { $in: 'clarky' } }, 'filter["vendor"].$in', /an array of at most 100 values/],
    ['an object inside $nin', { vendor: { $nin: ['a', {}] } }, 'filter["vendor"].$nin[1]', /got an object/],
    ['101 values for $in', { vendor: { $in: Array.from({ length: 101 }, (_, i) => i) } }, 'filter["vendor"].$in', /at most 100/],
    ['a string for $exists', { vendor: { $exists: 'yes' } }, 'filter["vendor"].$exists', /to be a boolean, got "yes"/],
    ['a boolean for $gt', { 'data.n': { $gt: true } }, 'filter["data.n"].$gt', /finite number or a string/],
    ['null for $lte', { 'data.n': { $lte: null } }, 'filter["data.n"].$lte', /got null/],
    ['infinity for $lt', { 'data.n': { $lt: Infinity } }, 'filter["data.n"].$lt', /got number Infinity/],
    ['a string operand over 1000 characters', { vendor: 'x'.repeat(1001) }, 'filter["vendor"]', /at most 1000 characters/],
    ['a regex that does not compile', { vendor: { $regex: '(' } }, 'filter["vendor"].$regex', /not a valid regular expression \(missing closing \)/],
    ['an empty regex', { vendor: { $regex: '' } }, 'filter["vendor"].$regex', /1 to 200 characters/],
    ['a regex over 200 characters', { vendor: { $regex: 'a'.repeat(201) } }, 'filter["vendor"].$regex', /1 to 200 characters/],
    ['a backreference', { vendor: { $regex: '(a)\\1' } }, 'filter["vendor"].$regex', /uses a backreference \(`\\1`…`\\9`\), which .*linear-time .*\(RE2\) does not support/],
    ['a named backreference', { vendor: { $regex: '(?<x>a)\\k<x>' } }, 'filter["vendor"].$regex', /named backreference/],
    ['a lookahead', { vendor: { $regex: 'a(?=b)' } }, 'filter["vendor"].$regex', /uses a lookahead/],
    ['a negative lookahead', { vendor: { $regex: '^(?!test)' } }, 'filter["vendor"].$regex', /negative lookahead/],
    ['a lookbehind', { vendor: { $regex: '(?<=a)b' } }, 'filter["vendor"].$regex', /uses a lookbehind/],
    ['a negative lookbehind', { vendor: { $regex: '(?<!a)b' } }, 'filter["vendor"].$regex', /negative lookbehind/],
    ['a possessive quantifier', { vendor: { $regex: 'a++' } }, 'filter["vendor"].$regex', /possessive or doubled quantifier/],
    ['a repetition over 1000', { vendor: { $regex: 'a{2000}' } }, 'filter["vendor"].$regex', /repetition count over 1000/],
    ['the g flag', { vendor: { $regex: 'a', $options: 'g' } }, 'filter["vendor"].$options', /`i`, `m`, `s`/],
    ['a repeated flag', { vendor: { $regex: 'a', $options: 'ii' } }, 'filter["vendor"].$options', /each at most once/],
    ['$options without $regex', { vendor: { $options: 'i' } }, 'filter["vendor"].$options', /needs a `\$regex`/],
    ['an empty $or', { $or: [] }, 'filter.$or', /an array of 1 to 20 filters/],
    ['$and as an object', { $and: { vendor: 'x' } }, 'filter.$and', /got an object/],
    ['a bad branch', { $or: [{ vendor: 'x' }, 'y'] }, 'filter.$or[1]', /got "y"/],
    ['a bad field in a branch', { $or: [{ vendor: 'x' }, { 'a..b': 1 }] }, 'filter.$or[1]["a..b"]', /dotted path/],
    ['$and six levels deep', deep(6), 'filter.$and[0].$and[0].$and[0].$and[0].$and[0].$and', /at most 5 levels/],
    ['51 conditions', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`data.f${i}`, i])), 'filter["data.f50"]', /at most 50 conditions/],
  ])('refuses %s, naming the place', (_name, input, field, message) => {
    const result = compileFilter(input);
    expect(result).toBeInstanceOf(AppError);
    expect(result).toMatchObject({ code: 'invalid_field', status: 400, field });
    expect((result as AppError).message).toMatch(message);
  });
});
