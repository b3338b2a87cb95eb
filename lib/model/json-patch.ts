/** One operation of a JSON Patch (RFC 6902). */
export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string };

type Json = unknown;
type Container = Record<string, Json> | Json[];

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The reference tokens of a JSON Pointer (RFC 6901). */
function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`${JSON.stringify(pointer)} is not a JSON Pointer (it starts with "/")`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, pointer: string): { parent: Container; key: string } {
  const path = tokens(pointer);
  if (path.length === 0) throw new Error('the whole document cannot be patched here');
  const key = path.pop()!;
  let parent: Json = doc;
  for (const token of path) {
    parent = Array.isArray(parent) ? parent[arrayIndex(parent, token, false)] : isObject(parent) ? parent[token] : undefined;
    if (parent === undefined) throw new Error(`${pointer}: ${JSON.stringify(token)} does not exist`);
  }
  if (!Array.isArray(parent) && !isObject(parent)) throw new Error(`${pointer}: the parent is not an object or an array`);
  return { parent, key };
}

function arrayIndex(array: Json[], token: string, forAdd: boolean): number {
  if (forAdd && token === '-') return array.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`${JSON.stringify(token)} is not an array index`);
  const index = Number(token);
  if (index > array.length || (!forAdd && index === array.length)) throw new Error(`index ${index} is out of bounds (length ${array.length})`);
  return index;
}

function get(doc: Json, pointer: string): Json {
  let value: Json = doc;
  for (const token of tokens(pointer)) {
    value = Array.isArray(value) ? value[arrayIndex(value, token, false)] : isObject(value) && Object.hasOwn(value, token) ? value[token] : undefined;
    if (value === undefined) throw new Error(`${pointer} does not exist`);
  }
  return value;
}

function add(doc: Json, pointer: string, value: Json): void {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, structuredClone(value));
  else parent[key] = structuredClone(value);
}

function remove(doc: Json, pointer: string): Json {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, false), 1)[0];
  if (!Object.hasOwn(parent, key)) throw new Error(`${pointer} does not exist`);
  const value = parent[key];
  delete parent[key];
  return value;
}

/**
 * `doc` with `operations` applied (RFC 6902: add, remove, replace, move, copy, test), as a new value; throws,
 * naming the operation, when one cannot be applied.
 */
export function applyJsonPatch<T>(doc: T, operations: readonly JsonPatchOperation[]): T {
  const result = structuredClone(doc) as Json;
  operations.forEach((operation, i) => {
    try {
      switch (operation.op) {
        case 'add': add(result, operation.path, operation.value); break;
        case 'remove': remove(result, operation.path); break;
        case 'replace': remove(result, operation.path); add(result, operation.path, operation.value); break;
        case 'move': add(result, operation.path, remove(result, operation.from)); break;
        case 'copy': add(result, operation.path, get(result, operation.from)); break;
        case 'test':
          if (JSON.stringify(get(result, operation.path)) !== JSON.stringify(operation.value)) throw new Error(`${operation.path} is not ${JSON.stringify(operation.value)}`);
          break;
        default: throw new Error(`${JSON.stringify((operation as { op: unknown }).op)} is not an operation (add, remove, replace, move, copy, test)`);
      }
    } catch (e) {
      throw new Error(`operation ${i} (${(operation as { op: unknown }).op} ${(operation as { path: unknown }).path}): ${(e as Error).message}`);
    }
  });
  return result as T;
}

/** `doc` with a JSON Merge Patch (RFC 7386) applied, as a new value: objects merge, `null` removes, the rest replaces. */
export function applyMergePatch<T>(doc: T, patch: unknown): T {
  const merge = (target: Json, p: Json): Json => {
    if (!isObject(p)) return structuredClone(p);
    const out: Record<string, Json> = isObject(target) ? { ...target } : {};
    for (const [key, value] of Object.entries(p)) {
      if (value === null) delete out[key];
      else out[key] = merge(out[key], value);
    }
    return out;
  };
  return merge(structuredClone(doc), patch) as T;
}
