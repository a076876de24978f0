import { AppError } from '../errors.js';
import { renderTemplate, validateTemplate } from './template.js';

const event = JSON.parse(`{
  "id": "evt_1", "type": "clarky.booking.confirmed", "cataloged": true,
  "person": {"email": "ada@example.com", "first_name": "Ada \\"The\\" Countess\\nof Lovelace", "last_name": null},
  "data": {"booking": {"status": "confirmed", "seats": 3}, "tags": ["vip"], "__proto__": {"x": 1}}
}`) as unknown;

describe('renderTemplate', () => {
  it.each<[string, string, unknown]>([
    ['a string value inside a string', '{"text": "{{person.email}} booked"}', { text: 'ada@example.com booked' }],
    ['quotes and newlines, escaped', '{"who": "{{person.first_name}}"}', { who: 'Ada "The" Countess\nof Lovelace' }],
    ['a number inside a string', '{"text": "{{data.booking.seats}} seats"}', { text: '3 seats' }],
    ['a boolean inside a string', '{"text": "{{cataloged}}"}', { text: 'true' }],
    ['an object inside a string as JSON text', '{"text": "{{data.booking}}"}', { text: '{"status":"confirmed","seats":3}' }],
    ['null inside a string as empty', '{"text": "[{{person.last_name}}]"}', { text: '[]' }],
    ['a missing path inside a string as empty', '{"text": "[{{person.nope}}]"}', { text: '[]' }],
    ['an object in value position', '{"data": {{data.booking}}}', { data: { status: 'confirmed', seats: 3 } }],
    ['a string in value position', '{"email": {{person.email}}}', { email: 'ada@example.com' }],
    ['a number in value position', '[{{data.booking.seats}}, {{cataloged}}]', [3, true]],
    ['a missing path in value position as null', '{"x": {{data.nope}}}', { x: null }],
    ['an array element by index', '{"tag": "{{data.tags.0}}"}', { tag: 'vip' }],
    ['spaces inside the braces', '{"t": "{{ person.email }}"}', { t: 'ada@example.com' }],
    ['several placeholders in one string', '{"t": "{{id}}/{{type}}"}', { t: 'evt_1/clarky.booking.confirmed' }],
    ['an escaped quote before a placeholder', '{"t": "say \\"{{id}}\\""}', { t: 'say "evt_1"' }],
    ['a whole-document placeholder', '{{data.booking}}', { status: 'confirmed', seats: 3 }],
    ['no prototype property', '{"c": {{data.constructor}}, "t": "{{toString}}"}', { c: null, t: '' }],
    ['an own __proto__ key from JSON', '{"x": {{data.__proto__.x}}}', { x: 1 }],
  ])('renders %s', (_name, template, expected) => {
    expect(validateTemplate(template, event)).toBeNull();
    expect(JSON.parse(renderTemplate(template, event))).toEqual(expected);
  });

  it('keeps literal text exactly', () => {
    expect(renderTemplate('{ "a" :\n  "{{id}}" }', event)).toBe('{ "a" :\n  "evt_1" }');
  });
  it('never breaks the JSON, whatever a value holds', () => {
    const hostile = { person: { first_name: '"}, "admin": true, "x": "\\\u0000\u2028</script>' } };
    const rendered = renderTemplate('{"name": "{{person.first_name}}", "raw": {{person.first_name}}}', hostile);
    expect(JSON.parse(rendered)).toEqual({ name: hostile.person.first_name, raw: hostile.person.first_name });
  });
  it('throws the save-time error for a malformed template', () => {
    expect(() => renderTemplate('{"a": "{{oops"}', event)).toThrow(AppError);
  });
  it('throws payload_too_large past the rendered-size limit', () => {
    const big = { data: 'x'.repeat(1024 * 1024) };
    expect(() => renderTemplate('["{{data}}", "{{data}}", "{{data}}"]', big)).toThrow(/over 2097152 characters/);
  });
});

describe('validateTemplate', () => {
  it.each<[string, unknown, RegExp]>([
    ['a template that is not a string', { text: 'x' }, /Expected `payload_template` to be a JSON text .* got an object/],
    ['an unclosed placeholder', '{"a": "{{person.email"}', /to hold well-formed placeholders; at line 1, column 8 \(at `\{\{person.email"\}`\): a `\{\{` placeholder is never closed/],
    ['a placeholder that is not a path', '{"a": "{{person..email}}"}', /at line 1, column 8 .*: `\{\{person..email\}\}` is not a dotted path/],
    ['an empty placeholder', '{"a": {{}}}', /`\{\{\}\}` is not a dotted path/],
    ['a missing comma', '{"a": 1\n "b": 2}', /^Expected `payload_template` to render valid JSON; at line 2, column 2 \(at `"b": 2}`\): expected `,` or `}`.$/],
    ['a trailing comma', '{"a": "{{id}}",}', /at line 1, column 16 .*: expected a string key/],
    ['an unquoted key placeholder', '{ {{id}}: 1 }', /at line 1, column 3 .*: expected a string key/],
    ['an unterminated string', '{"a": "{{id}}}', /at line 1, column 15 \(the end\): unterminated string/],
    ['a raw newline in a string', '{"a": "x\ny"}', /at line 1, column 9 .*: control character/],
    ['text after the value', '{"a": {{id}}} x', /at line 1, column 15 .*: unexpected text after the JSON value/],
    ['an empty template', '', /at line 1, column 1 .*: expected a value/],
    ['plain text', 'hello {{person.email}}', /at line 1, column 1 .*: expected a value/],
    ['a template over 64 KiB', `"${'x'.repeat(64 * 1024)}"`, /at most 65536 bytes, got 65538/],
    ['nesting deeper than 64 levels', `${'['.repeat(65)}${']'.repeat(65)}`, /at line 1, column 65 .*: nested deeper than 64 levels/],
    ['201 placeholders', `[${Array.from({ length: 201 }, () => '{{id}}').join(',')}]`, /at most 200 placeholders, got 201/],
  ])('refuses %s, saying where', (_name, template, message) => {
    const error = validateTemplate(template, event);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'invalid_field', status: 400, field: 'payload_template' });
    expect(error?.message).toMatch(message);
  });

  it('accepts a template whose paths the sample event lacks', () => {
    expect(validateTemplate('{"a": "{{nothing.here}}", "b": {{nor.here}}}', {})).toBeNull();
  });
});
