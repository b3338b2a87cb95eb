/** One value that differs between two versions of an object, at a dotted path (`spec.replicas`). */
export interface FieldChange {
  /** The field, as a path into the object (e.g. `spec.replicas`). */
  readonly path: string;
  /** The previous value; absent when the field is new. */
  readonly before?: unknown;
  /** The new value; absent when the field was removed. */
  readonly after?: unknown;
  /** For a list whose items are compared as a set: the items it gains and loses (`before`/`after` then absent). */
  readonly items?: { readonly added: readonly unknown[]; readonly removed: readonly unknown[] };
}

/**
 * The leaf values that differ between `before` and `after`, in a stable order (the keys sorted). Lists whose
 * items are objects with a unique `name` (containers, env, ports) are compared by name, `containers[web]`, so
 * an item added in the middle reads as one addition, not as a change to every later item; other lists by index.
 */
export function diffFields(before: unknown, after: unknown, at = ''): FieldChange[] {
  if (equal(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffPresent(before, after, k, join(at, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const named = byName(before) && byName(after);
    if (named) {
      const b = new Map(before.map((item) => [item.name as string, item]));
      const a = new Map(after.map((item) => [item.name as string, item]));
      const names = [...new Set([...b.keys(), ...a.keys()])];
      return names.flatMap((n) => diffPresent(Object.fromEntries(b), Object.fromEntries(a), n, `${at}[${n}]`));
    }
    const items = setDifference(before, after);
    if (items && items.added.length === 1 && items.removed.length === 1 && isRecord(items.added[0]) && isRecord(items.removed[0])) {
      // One item changed in place: its fields say more than the whole item twice.
      return diffFields(items.removed[0], items.added[0], `${at}[${after.indexOf(items.added[0])}]`);
    }
    if (items) return [{ path: at, items }];
    const length = Math.max(before.length, after.length);
    const changes: FieldChange[] = [];
    for (let i = 0; i < length; i++) {
      changes.push(...diffPresent(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>, String(i), `${at}[${i}]`));
    }
    return changes;
  }
  return [{ path: at, before, after }];
}

function diffPresent(before: Record<string, unknown>, after: Record<string, unknown>, key: string, at: string): FieldChange[] {
  const inBefore = Object.prototype.hasOwnProperty.call(before, key);
  const inAfter = Object.prototype.hasOwnProperty.call(after, key);
  if (inBefore && !inAfter) return [{ path: at, before: before[key] }];
  if (!inBefore && inAfter) return [{ path: at, after: after[key] }];
  return diffFields(before[key], after[key], at);
}

/**
 * A list that keeps some of its items and gains or loses others (a cluster added to a list of names) reads as
 * what it gains and loses; compared index by index, every item after the insertion would read as changed. Lists
 * that keep none of their items, or only reorder them, are compared by index.
 */
function setDifference(before: unknown[], after: unknown[]): FieldChange['items'] | undefined {
  const keys = (list: unknown[]) => list.map((item) => JSON.stringify(item));
  const b = keys(before);
  const a = keys(after);
  const kept = b.filter((k) => a.includes(k));
  if (kept.length === 0 || (kept.length === b.length && b.length === a.length)) return undefined;
  return {
    added: after.filter((_, i) => !b.includes(a[i])),
    removed: before.filter((_, i) => !a.includes(b[i])),
  };
}

function join(at: string, key: string): string {
  const part = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (at === '') return part;
  return part.startsWith('[') ? `${at}${part}` : `${at}.${part}`;
}

function byName(list: unknown[]): list is { name: string }[] {
  if (list.length === 0 || !list.every((item) => isRecord(item) && typeof item.name === 'string')) return false;
  return new Set(list.map((item) => (item as { name: string }).name)).size === list.length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A value as the summary prints it: JSON, shortened in the middle past `max` characters. */
export function showValue(value: unknown, max = 60): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text.length <= max) return text;
  const half = Math.floor((max - 1) / 2);
  return `${text.slice(0, half)}…${text.slice(text.length - half)}`;
}
