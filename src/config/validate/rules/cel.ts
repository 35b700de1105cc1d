/**
 * Syntax checking of CEL (Common Expression Language) expressions, as Istio does for Telemetry
 * access-log filters (`response.code >= 400`, `!has(request.useragent) || ...`). A lexer and a
 * recursive-descent parser for CEL's grammar (cel-spec langdef): literals (int, uint, double,
 * string, bytes, raw and triple-quoted strings), operators with their precedence, member access,
 * indexing, calls, list/map/message construction, and the `has()` macro's argument rule. It builds
 * no tree and evaluates nothing; it returns the first syntax error, or undefined. Never throws.
 */

type TokKind = 'ident' | 'number' | 'string' | 'op' | 'eof';
interface Token {
  kind: TokKind;
  text: string;
  pos: number;
}

class CelSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const RESERVED = new Set(['in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const OPERATORS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];
const IDENT = /[_a-zA-Z][_a-zA-Z0-9]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]+[uU]?|[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+|[0-9]+[uU]?)/y;
const MAX_DEPTH = 250;

function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const str = stringAt(src, i);
    if (str !== undefined) {
      out.push({ kind: 'string', text: src.slice(i, str), pos: i });
      i = str;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(src);
    if (num && ((c >= '0' && c <= '9') || (c === '.' && /[0-9]/.test(src[i + 1] ?? '')))) {
      const end = i + num[0].length;
      if (/[_a-zA-Z0-9.]/.test(src[end] ?? '')) throw new CelSyntaxError(`malformed number "${src.slice(i, end + 1)}"`, i);
      out.push({ kind: 'number', text: num[0], pos: i });
      i = end;
      continue;
    }
    IDENT.lastIndex = i;
    const id = IDENT.exec(src);
    if (id) {
      out.push({ kind: 'ident', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new CelSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
    out.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  out.push({ kind: 'eof', text: '<EOF>', pos: src.length });
  return out;
}

/** If a string or bytes literal starts at `i`, returns the index after it (throws on a bad one). */
function stringAt(src: string, i: number): number | undefined {
  const prefix = /^(?:[rR][bB]?|[bB][rR]?)?/.exec(src.slice(i, i + 2))![0];
  const q = src[i + prefix.length];
  if (q !== '"' && q !== "'") return undefined;
  if (prefix !== '' && /[_a-zA-Z0-9]/.test(src[i - 1] ?? '')) return undefined;
  const raw = /r/i.test(prefix);
  const triple = src.startsWith(q.repeat(3), i + prefix.length);
  const close = triple ? q.repeat(3) : q;
  let j = i + prefix.length + close.length;
  while (j < src.length) {
    if (src.startsWith(close, j)) return j + close.length;
    const ch = src[j];
    if (!triple && (ch === '\n' || ch === '\r')) break;
    if (ch === '\\' && !raw) j = escapeEnd(src, j);
    else j++;
  }
  throw new CelSyntaxError('unterminated string literal', i);
}

function escapeEnd(src: string, j: number): number {
  const e = src[j + 1];
  if (e !== undefined && '\\"\'`?abfnrtv'.includes(e)) return j + 2;
  const hex = (n: number): number => {
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(src.slice(j + 2, j + 2 + n))) throw new CelSyntaxError(`invalid escape sequence "\\${e}${src.slice(j + 2, j + 2 + n)}"`, j);
    return j + 2 + n;
  };
  if (e === 'x' || e === 'X') return hex(2);
  if (e === 'u') return hex(4);
  if (e === 'U') return hex(8);
  if (/^[0-3][0-7]{2}$/.test(src.slice(j + 1, j + 4))) return j + 4;
  throw new CelSyntaxError(`invalid escape sequence "\\${e ?? ''}"`, j);
}

type Shape = 'select' | 'ident' | 'other';

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: Token[]) {}

  private get tok(): Token {
    return this.toks[this.i];
  }
  private is(text: string): boolean {
    return this.tok.kind === 'op' && this.tok.text === text;
  }
  private eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.i++;
    return true;
  }
  private expect(text: string): void {
    if (!this.eat(text)) this.fail(`expected '${text}'`);
  }
  private fail(what: string): never {
    const t = this.tok;
    throw new CelSyntaxError(`${what}, found ${t.kind === 'eof' ? 'end of input' : `'${t.text}'`}`, t.pos);
  }

  parseAll(): void {
    this.expr();
    if (this.tok.kind !== 'eof') this.fail('expected an operator or end of expression');
  }

  private expr(): Shape {
    if (++this.depth > MAX_DEPTH) throw new CelSyntaxError(`expression nested deeper than ${MAX_DEPTH} levels`, this.tok.pos);
    let s = this.binary(0);
    if (this.eat('?')) {
      this.binary(0);
      this.expect(':');
      this.expr();
      s = 'other';
    }
    this.depth--;
    return s;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['<', '<=', '>', '>=', '==', '!=', 'in'], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): Shape {
    if (level === Parser.LEVELS.length) return this.unary();
    let s = this.binary(level + 1);
    const ops = Parser.LEVELS[level];
    while ((this.tok.kind === 'op' || (this.tok.kind === 'ident' && this.tok.text === 'in')) && ops.includes(this.tok.text)) {
      this.i++;
      this.binary(level + 1);
      s = 'other';
    }
    return s;
  }

  private unary(): Shape {
    if (this.is('!') || this.is('-')) {
      const op = this.tok.text;
      while (this.eat(op));
      this.member();
      return 'other';
    }
    return this.member();
  }

  private member(): Shape {
    let s = this.primary();
    for (;;) {
      if (this.eat('.')) {
        this.eat('?');
        const name = this.ident();
        if (this.eat('(')) {
          this.exprList(')');
          s = 'other';
        } else if (this.is('{')) {
          this.messageBody();
          s = 'other';
        } else s = name === '' ? 'other' : 'select';
      } else if (this.eat('[')) {
        this.eat('?');
        this.expr();
        this.expect(']');
        s = 'other';
      } else return s;
    }
  }

  private ident(): string {
    const t = this.tok;
    if (t.kind !== 'ident') this.fail('expected an identifier');
    if (RESERVED.has(t.text)) throw new CelSyntaxError(`reserved identifier '${t.text}'`, t.pos);
    this.i++;
    return t.text;
  }

  private primary(): Shape {
    const t = this.tok;
    if (t.kind === 'number' || t.kind === 'string') {
      this.i++;
      return 'other';
    }
    if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false' || t.text === 'null')) {
      this.i++;
      return 'other';
    }
    if (this.eat('(')) {
      this.expr();
      this.expect(')');
      return 'other';
    }
    if (this.eat('[')) {
      this.exprList(']', true);
      return 'other';
    }
    if (this.eat('{')) {
      this.mapBody();
      return 'other';
    }
    this.eat('.');
    const name = this.ident();
    if (this.eat('(')) {
      const args = this.exprList(')');
      if (name === 'has' && (args.length !== 1 || args[0] !== 'select')) throw new CelSyntaxError('invalid argument to has() macro: expected a field selection such as has(request.headers.x)', t.pos);
      return 'other';
    }
    if (this.is('{')) {
      this.messageBody();
      return 'other';
    }
    return 'ident';
  }

  /** Comma-separated expressions up to `close`, with an optional trailing comma. */
  private exprList(close: string, optional = false): Shape[] {
    const shapes: Shape[] = [];
    while (!this.eat(close)) {
      if (optional) this.eat('?');
      shapes.push(this.expr());
      if (!this.eat(',')) {
        this.expect(close);
        break;
      }
      if (close === ')' && this.is(')')) this.fail('expected an argument');
    }
    return shapes;
  }

  private mapBody(): void {
    while (!this.eat('}')) {
      this.eat('?');
      this.expr();
      this.expect(':');
      this.expr();
      if (!this.eat(',')) {
        this.expect('}');
        return;
      }
    }
  }

  private messageBody(): void {
    this.expect('{');
    while (!this.eat('}')) {
      this.eat('?');
      this.ident();
      this.expect(':');
      this.expr();
      if (!this.eat(',')) {
        this.expect('}');
        return;
      }
    }
  }
}

/** Returns a description of the first syntax error in `expression`, or undefined when it parses. */
export function celSyntaxError(expression: string): string | undefined {
  try {
    const toks = lex(expression);
    if (toks.length === 1) return 'Syntax error: the expression is empty';
    new Parser(toks).parseAll();
    return undefined;
  } catch (e) {
    if (e instanceof CelSyntaxError) return `Syntax error at column ${e.pos + 1}: ${e.message}`;
    return `Syntax error: ${(e as Error).message}`;
  }
}
