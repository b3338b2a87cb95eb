import { show, type Problems } from './problems';
import { didYouMean } from './suggest';

/*
 * Runtime checks of the shape of the input, for callers the compiler does not check: plain JavaScript, and JSON or
 * YAML read into the API. Each props interface has one table (`input-shapes.ts`) with one check per prop, typed so
 * that a prop added to the interface without its check does not compile. The checks here are about shape only
 * (an object where an object goes, a list of strings, an instance of `Replicas`); what a value means (a port
 * range, a known region) is checked by the planners, which can then rely on the shape.
 *
 * A prop of the wrong shape is reported with its path and value, then left out, so its default applies and the
 * planners check the rest of the declaration in the same round instead of failing with a TypeError.
 */

/** What a {@link Check} returns for a value of the wrong shape: the value is left out. */
export const DROP: unique symbol = Symbol('drop');

/**
 * Checks the shape of a value: reports what is wrong at `path` and returns {@link DROP} to leave the value out, or
 * returns the value to keep (objects and lists are copies holding only what passed their own checks).
 */
export type Check = (value: unknown, path: string, problems: Problems) => unknown;

/** One check per prop of `T`: a prop added to `T` without its check does not compile. */
export type PropsShape<T> = { readonly [K in keyof Required<T>]: Check };

/** The value's shape is the planner's to check (it reports any value it does not accept). */
export const planned: Check = (value) => value;

/**
 * `value` when `ok`, else {@link DROP} after reporting `message()` at `path`. The message is made only when it is
 * reported: showing every valid value of a large fleet would cost more than checking it.
 */
export function keepIf(ok: boolean, value: unknown, path: string, problems: Problems, message: () => string): unknown {
  if (ok) return value;
  problems.add(path, message());
  return DROP;
}

export const string: Check = (value, path, problems) => keepIf(typeof value === 'string', value, path, problems, () => `${show(value)} is not a string`);

export const boolean: Check = (value, path, problems) => keepIf(typeof value === 'boolean', value, path, problems, () => `${show(value)} is not true or false`);

export const number: Check = (value, path, problems) => keepIf(typeof value === 'number', value, path, problems, () => `${show(value)} is not a number`);

export const func: Check = (value, path, problems) => keepIf(typeof value === 'function', value, path, problems, () => `${show(value)} is not a function`);

/** An instance made by one of a class's static factories, e.g. `Replicas.perCluster(3)`. */
// eslint-disable-next-line @typescript-eslint/ban-types -- classes with private constructors (static factories)
export function instanceOf(type: Function, factories: string): Check {
  return (value, path, problems) => keepIf(value instanceof type, value, path, problems, () => `${show(value)} is not a ${type.name}; use ${factories}`);
}

/** A value that passes any of `tests`: reported with `rule` when none does. */
export function either(rule: string, ...tests: ((value: unknown) => boolean)[]): Check {
  return (value, path, problems) => keepIf(tests.some((t) => t(value)), value, path, problems, () => `${show(value)} is not ${rule}`);
}

/**
 * A prop that must be given, where the planner cannot do without it (most required props are checked by the
 * planner, which reports `undefined` as a wrong value).
 */
export function required(check: Check): Check {
  return Object.assign((value: unknown, path: string, problems: Problems) => check(value, path, problems), { required: true });
}

/** `first` when the value passes `test`, else `second`; e.g. `false` or an object of props. */
export function when(test: (value: unknown) => boolean, first: Check, second: Check): Check {
  return (value, path, problems) => (test(value) ? first : second)(value, path, problems);
}

/** A list whose every element passes `element`; left out whole when one does not. */
export function listOf(element: Check, rule = 'a list'): Check {
  return (value, path, problems) => {
    if (!Array.isArray(value)) return keepIf(false, value, path, problems, () => `${show(value)} is not ${rule}`);
    const items = (value as unknown[]).map((item, i) => element(item, `${path}[${i}]`, problems));
    return items.includes(DROP) ? DROP : items;
  };
}

/** An object whose keys are names or labels (data, not props) and whose values pass `entry`. */
export function recordOf(entry: Check, rule = 'an object'): Check {
  return (value, path, problems) => {
    if (!isPlainObject(value)) return keepIf(false, value, path, problems, () => `${show(value)} is not ${rule}`);
    const copy: Record<string, unknown> = {};
    let ok = true;
    for (const key of Object.keys(value as object)) {
      const kept = entry((value as Record<string, unknown>)[key], `${path}.${key}`, problems);
      if (kept === DROP) ok = false;
      else defineOwn(copy, key, kept);
    }
    return ok ? copy : DROP;
  };
}

/**
 * An object of the props `shape` describes (see {@link checkProps}). `whole`: the object is left out when any of
 * its props is, for objects whose props the planner needs together (required lists, an id and its subnets).
 */
export function props<T>(shape: PropsShape<T>, what: string, whole = false): Check {
  return (value, path, problems) => {
    const before = problems.all.length;
    const copy = checkProps(value, shape, path, what, problems);
    return copy === undefined || (whole && problems.all.length > before) ? DROP : copy;
  };
}

/**
 * Checks that `value` is an object of the props `shape` describes: no unknown prop (a typo in a YAML file would
 * otherwise be ignored without a word), each known one of the right shape. Returns a copy without the props of
 * the wrong shape, or `undefined` when `value` is not an object at all.
 */
export function checkProps<T>(value: unknown, shape: PropsShape<T>, path: string, what: string, problems: Problems): T | undefined {
  const at = path === '' ? (p: string) => p : (p: string) => `${path}.${p}`;
  if (!isPlainObject(value)) {
    problems.add(path || '(input)', `${show(value)} is not ${what} (an object)`);
    return undefined;
  }
  const known = Object.keys(shape);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const prop = (value as Record<string, unknown>)[key];
    if (!Object.hasOwn(shape, key)) {
      problems.add(at(key), `is not a prop of ${what}${didYouMean(key, known)}; known props: ${known.join(', ')}`);
      continue;
    }
    const kept = prop === undefined ? undefined : (shape as Record<string, Check>)[key](prop, at(key), problems);
    if (kept !== DROP) defineOwn(copy, key, kept);
  }
  for (const key of known) {
    if ((shape as Record<string, { required?: boolean }>)[key].required && (value as Record<string, unknown>)[key] === undefined) {
      problems.add(at(key), `is required`);
    }
  }
  return copy as T;
}

/**
 * Whether `value` is an object made with `{}`, `Object.create(null)` or a parser: not an array, not an instance
 * of a class, not a function.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** Sets `key` as an own property, even `__proto__`, which an assignment would take for the prototype. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // Only `__proto__` is an accessor of Object.prototype; an assignment of any other key makes an own property.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** `record[key]` when `record` has it as an own property; never something inherited from `Object.prototype`. */
export function ownValue<V>(record: Readonly<Record<string, V>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
