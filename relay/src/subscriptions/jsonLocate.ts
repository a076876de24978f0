/**
 * Where a JSON text breaks, for error messages: Node's `JSON.parse` messages carry no position.
 * It follows RFC 8259 like `JSON.parse`, and also refuses nesting deeper than 64 levels (the
 * relay's inbound limit), which `JSON.parse` would take.
 */

export interface JsonProblem {
  /** Character offset of the problem. */
  offset: number;
  /** What was expected there, e.g. "expected `,` or `}`". */
  message: string;
}

const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

class Stop extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.message);
  }
}

/** A recursive-descent reader that throws `Stop` at the first problem. */
class Reader {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.value(0);
    this.skipSpace();
    if (this.at < this.text.length) this.fail('unexpected text after the JSON value');
  }

  private fail(message: string): never {
    throw new Stop({ offset: this.at, message });
  }

  private skipSpace(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text.charAt(this.at))) this.at += 1;
  }

  private expect(char: string, message: string): void {
    this.skipSpace();
    if (this.text[this.at] !== char) this.fail(message);
    this.at += 1;
  }

  private sticky(pattern: RegExp): boolean {
    pattern.lastIndex = this.at;
    if (!pattern.test(this.text)) return false;
    this.at = pattern.lastIndex;
    return true;
  }

  private value(depth: number): void {
    this.skipSpace();
    const char = this.text[this.at];
    if ((char === '{' || char === '[') && depth >= MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    if (char === '{') this.members('}', depth);
    else if (char === '[') this.members(']', depth);
    else if (char === '"') this.string();
    else if (this.text.startsWith('true', this.at)) this.at += 4;
    else if (this.text.startsWith('false', this.at)) this.at += 5;
    else if (this.text.startsWith('null', this.at)) this.at += 4;
    else if (!this.sticky(NUMBER)) this.fail('expected a value');
  }

  private string(): void {
    this.at += 1;
    for (;;) {
      const char = this.text[this.at];
      if (char === undefined) this.fail('unterminated string');
      else if (char === '"') break;
      else if (char === '\\') {
        if (!this.sticky(ESCAPE)) this.fail('invalid escape in string');
      } else if (char < ' ') this.fail('control character (such as a raw newline) in string');
      else this.at += 1;
    }
    this.at += 1;
  }

  private members(close: '}' | ']', depth: number): void {
    this.at += 1;
    this.skipSpace();
    if (this.text[this.at] === close) {
      this.at += 1;
      return;
    }
    for (;;) {
      if (close === '}') {
        this.skipSpace();
        if (this.text[this.at] !== '"') this.fail('expected a string key');
        this.string();
        this.expect(':', 'expected `:` after the key');
      }
      this.value(depth + 1);
      this.skipSpace();
      if (this.text[this.at] === close) break;
      this.expect(',', `expected \`,\` or \`${close}\``);
    }
    this.at += 1;
  }
}

/** The first syntax problem of a JSON text, or null when it has none. Never throws. */
export function locateJsonError(text: string): JsonProblem | null {
  try {
    new Reader(text).document();
    return null;
  } catch (error) {
    if (error instanceof Stop) return error.problem;
    return { offset: 0, message: 'unreadable JSON' };
  }
}
