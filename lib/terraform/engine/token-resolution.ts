import { Token, Tokenization } from 'cdktf';

/** What cdktf's token markers in strings start with: `${TfToken[…]}`, `#{TfToken[…]}` (lists), `&{TfToken[…]}` (maps). */
const TOKEN_MARKER = 'TfToken[';

/**
 * Strings in which cdktf's resolver looks for numbers encoded as tokens (its NUMBER_TOKEN_REGEX,
 * `[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)`, matches exactly where this does).
 */
const NUMBER_IN_STRING = /[-|\d.+]e[-|\d.eE+]/;

/**
 * Resolves `value` as cdktf's `Tokenization.resolve()` does, walking plain data itself and handing cdktf only the
 * values that are or hold tokens.
 *
 * Why: cdktf's resolver makes a resolution context (closures, a copied path) for every value it visits, tokens or
 * not, and most values of a resource are plain: the 31,397 elements of the stacks of 100 clusters x 50 apps
 * (bench/synthetic-fleet.ts) took 3.4 s to resolve with cdktf's resolver alone, and 1.0 s this way.
 *
 * Why it gives the same result: on a value that holds no token, cdktf's resolver returns a copy without the
 * `undefined` entries of objects and arrays (its string rules only act on token markers, and on numbers written
 * as strings, which go to cdktf here), and that is what this does. Every other value (a string with a marker,
 * any number but a safe integer, a list or map token, any object that is not a plain one) is resolved by cdktf
 * itself, from a context equal to the one its own walk would have reached it with: plain objects and arrays pass
 * their parent's context on unchanged. What differs is only the path in the message of a failed resolution. Tests
 * compare the two on every stack of the seed, rich and a synthetic fleet, and on a stack of every token kind.
 */
export function resolveTokens<T>(value: T, resolveWithCdktf: (value: unknown) => unknown): T {
  return walk(value, resolveWithCdktf, 0) as T;
}

/** cdktf's resolver refuses to go deeper (a cyclic structure); past it, cdktf walks on and says so. */
const MAX_DEPTH = 200;

/** A string cdktf's resolver returns as it is. */
function isPlainString(value: string): boolean {
  return !value.includes(TOKEN_MARKER) && !NUMBER_IN_STRING.test(value) && value !== Token.STRING_MAP_TOKEN_VALUE && value !== Token.ANY_MAP_TOKEN_VALUE;
}

/** A number cdktf's resolver returns as it is: a token is encoded as a double far outside the safe integers. */
function isPlainNumber(value: number): boolean {
  return Number.isSafeInteger(value) && value !== Token.NUMBER_MAP_TOKEN_VALUE;
}

function walk(value: unknown, cdktf: (value: unknown) => unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return cdktf(value);
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return value;
    case 'string':
      return isPlainString(value) ? value : cdktf(value);
    case 'number':
      return isPlainNumber(value) ? value : cdktf(value);
    case 'object':
      if (value === null) return value;
      if (Array.isArray(value)) return walkArray(value, cdktf, depth);
      if (Object.getPrototypeOf(value) !== Object.prototype || Tokenization.isResolvable(value)) return cdktf(value);
      return walkObject(value as Record<string, unknown>, cdktf, depth);
    default:
      return cdktf(value); // functions, symbols, bigints: cdktf's own rules (and errors)
  }
}

function walkArray(array: readonly unknown[], cdktf: (value: unknown) => unknown, depth: number): unknown {
  // A list token is an element of its own (a marked string or an encoded number); cdktf resolves such a list whole.
  if (array.some((x) => (typeof x === 'string' && !isPlainString(x)) || (typeof x === 'number' && !isPlainNumber(x)))) return cdktf(array);
  const result: unknown[] = [];
  for (const element of array) {
    const resolved = walk(element, cdktf, depth + 1);
    if (resolved !== undefined) result.push(resolved);
  }
  return result;
}

function walkObject(object: Record<string, unknown>, cdktf: (value: unknown) => unknown, depth: number): unknown {
  const keys = Object.keys(object);
  // Keys are resolved too (a map token is a key); cdktf resolves such an object whole.
  if (!keys.every(isPlainString)) return cdktf(object);
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = walk(object[key], cdktf, depth + 1);
    if (resolved !== undefined) result[key] = resolved;
  }
  return result;
}
