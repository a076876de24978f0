/**
 * Save-time validation of a subscription `filter` (semantics in `filter.ts`). Everything that
 * could fail at delivery time fails here instead, with the place named in bracket notation:
 * `filter["data.booking.status"].$in`, `filter.$or[1]["person.email"]`.
 */
import { AppError, describeValue, invalidField } from '../errors.js';
import type { Condition, Filter, Scalar } from './filter.js';
import { PATH_EXPECTATION, parsePath } from './path.js';
import { compileLinearRegex } from './linearRegex.js';

export const FILTER_LIMITS = {
  /** Levels of `$and` / `$or` inside one another. */
  depth: 5,
  /** Field conditions in the whole filter. */
  conditions: 50,
  /** Filters in one `$and` / `$or`. */
  branches: 20,
  /** Values in one `$in` / `$nin`. */
  values: 100,
  /** Characters of a string operand. */
  string: 1000,
  /** Characters of a `$regex` pattern. */
  regex: 200,
} as const;

const OPERATORS = '$eq $ne $in $nin $exists $gt $gte $lt $lte $regex';
const SCALAR = `a string (at most ${FILTER_LIMITS.string} characters), a finite number, a boolean or null`;

interface Context {
  conditions: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  if (typeof value === 'string') return value.length <= FILTER_LIMITS.string;
  if (typeof value === 'number') return Number.isFinite(value);
  return value === null || typeof value === 'boolean';
}

function compileRegex(source: unknown, options: unknown, at: string): Condition | AppError {
  if (typeof source !== 'string' || source.length === 0 || source.length > FILTER_LIMITS.regex) {
    return invalidField(`${at}.$regex`, `a regular expression of 1 to ${FILTER_LIMITS.regex} characters`, source);
  }
  if (options !== undefined && (typeof options !== 'string' || !/^(?!.*(.).*\1)[ims]*$/.test(options))) {
    return invalidField(`${at}.$options`, 'a string of the flags `i`, `m`, `s`, each at most once', options);
  }
  const regex = compileLinearRegex(source, options ?? '');
  if ('problem' in regex) {
    return new AppError('invalid_field', `Refused \`${at}.$regex\` ${describeValue(source)}: ${regex.problem}.`, { field: `${at}.$regex` });
  }
  return { op: '$regex', regex };
}

function compileOperator(op: string, operand: unknown, at: string): Condition | AppError {
  const where = `${at}.${op}`;
  switch (op) {
    case '$eq':
    case '$ne':
      return isScalar(operand) ? { op, value: operand } : invalidField(where, SCALAR, operand);
    case '$in':
    case '$nin': {
      const expected = `an array of at most ${FILTER_LIMITS.values} values, each ${SCALAR}`;
      if (!Array.isArray(operand) || operand.length > FILTER_LIMITS.values) return invalidField(where, expected, operand);
      const values: readonly unknown[] = operand;
      if (values.every(isScalar)) return { op, values };
      const bad = values.findIndex((value) => !isScalar(value));
      return invalidField(`${where}[${bad}]`, SCALAR, values[bad]);
    }
    case '$exists':
      return typeof operand === 'boolean' ? { op, value: operand } : invalidField(where, 'a boolean', operand);
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return isScalar(operand) && operand !== null && typeof operand !== 'boolean'
        ? { op, value: operand }
        : invalidField(where, 'a finite number or a string (ISO timestamps compare as strings)', operand);
    default:
      return new AppError('invalid_field', `Unknown operator \`${op}\` at \`${at}\`: use one of ${OPERATORS}.`, { field: where });
  }
}

function compileOperators(operators: Record<string, unknown>, at: string): Condition[] | AppError {
  const conditions: Condition[] = [];
  for (const [op, operand] of Object.entries(operators)) {
    if (op === '$options') {
      if (Object.hasOwn(operators, '$regex')) continue;
      return new AppError('invalid_field', `\`${at}.$options\` needs a \`$regex\` beside it.`, { field: `${at}.$options` });
    }
    const condition = op === '$regex' ? compileRegex(operand, operators.$options, at) : compileOperator(op, operand, at);
    if (condition instanceof AppError) return condition;
    conditions.push(condition);
  }
  return conditions;
}

function compileField(key: string, value: unknown, at: string, context: Context): Filter | AppError {
  const where = `${at}[${JSON.stringify(key)}]`;
  const path = parsePath(key);
  if (!path) return invalidField(where, `a key that is \`$and\`, \`$or\` or ${PATH_EXPECTATION}`, key);
  let conditions: Condition[] | AppError;
  if (isScalar(value)) {
    conditions = [{ op: '$eq', value }];
  } else if (isObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((op) => op.startsWith('$'))) {
    conditions = compileOperators(value, where);
  } else {
    return invalidField(where, `${SCALAR}, or an object of operators (${OPERATORS}); use a dotted path for nested fields`, value);
  }
  if (conditions instanceof AppError) return conditions;
  context.conditions += conditions.length;
  if (context.conditions > FILTER_LIMITS.conditions) {
    const message = `Expected \`filter\` to hold at most ${FILTER_LIMITS.conditions} conditions; the limit is passed at \`${where}\`.`;
    return new AppError('invalid_field', message, { field: where });
  }
  return { kind: 'field', path, conditions };
}

function compileLogical(op: string, value: unknown, at: string, depth: number, context: Context): Filter | AppError {
  const where = `${at}.${op}`;
  if (op !== '$and' && op !== '$or') {
    const message = `Unknown operator \`${op}\` at \`${at}\`: only \`$and\` and \`$or\` combine filters; ${OPERATORS} go under a field path.`;
    return new AppError('invalid_field', message, { field: where });
  }
  if (depth >= FILTER_LIMITS.depth) {
    const message = `Expected \`filter\` to nest \`$and\` / \`$or\` at most ${FILTER_LIMITS.depth} levels deep; \`${where}\` is deeper.`;
    return new AppError('invalid_field', message, { field: where });
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > FILTER_LIMITS.branches) {
    return invalidField(where, `an array of 1 to ${FILTER_LIMITS.branches} filters`, value);
  }
  const items: readonly unknown[] = value;
  const filters: Filter[] = [];
  for (const [index, item] of items.entries()) {
    const inner = compileObject(item, `${where}[${index}]`, depth + 1, context);
    if (inner instanceof AppError) return inner;
    filters.push(inner);
  }
  return { kind: op === '$and' ? 'all' : 'any', filters };
}

function compileObject(input: unknown, at: string, depth: number, context: Context): Filter | AppError {
  if (!isObject(input)) return invalidField(at, 'an object of conditions keyed by dotted field paths', input);
  const filters: Filter[] = [];
  for (const [key, value] of Object.entries(input)) {
    const compiled = key.startsWith('$') ? compileLogical(key, value, at, depth, context) : compileField(key, value, at, context);
    if (compiled instanceof AppError) return compiled;
    filters.push(compiled);
  }
  return filters.length === 1 && filters[0] ? filters[0] : { kind: 'all', filters };
}

/**
 * Validates a filter as sent and compiles it for `evaluate`. `{}` matches every event; the
 * caller maps an absent or null `filter` to "no filter" before calling this.
 */
export function compileFilter(input: unknown): Filter | AppError {
  return compileObject(input, 'filter', 0, { conditions: 0 });
}
