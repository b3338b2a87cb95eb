/** One operation of a Karmada plaintext overrider: a JSON patch operation on the propagated resource. */
export interface PlaintextOverrider {
  readonly path: string;
  readonly operator: 'add' | 'remove' | 'replace';
  readonly value?: unknown;
}

function pointer(key: string | number): string {
  return `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The operations that turn `from` into `to`: adds and removes of object keys, replacements of differing values.
 * Arrays of the same length are compared item by item (an env value, a container's image); arrays that differ in
 * length are replaced whole. Paths under `ignore` are left out.
 */
export function plaintextOverriders(from: unknown, to: unknown, ignore: readonly string[] = [], at = ''): PlaintextOverrider[] {
  if (ignore.includes(at)) return [];
  if (isObject(from) && isObject(to)) {
    const ops: PlaintextOverrider[] = [];
    for (const key of Object.keys(from)) {
      if (!(key in to)) ops.push({ path: `${at}${pointer(key)}`, operator: 'remove' });
    }
    for (const [key, value] of Object.entries(to)) {
      const path = `${at}${pointer(key)}`;
      if (!(key in from)) {
        if (!ignore.includes(path)) ops.push({ path, operator: 'add', value });
      } else {
        ops.push(...plaintextOverriders(from[key], value, ignore, path));
      }
    }
    return ops;
  }
  if (Array.isArray(from) && Array.isArray(to) && from.length === to.length) {
    return from.flatMap((item, i) => plaintextOverriders(item, to[i], ignore, `${at}${pointer(i)}`));
  }
  return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ path: at, operator: 'replace', value: to }];
}
