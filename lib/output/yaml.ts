import * as path from 'node:path';
import { Yaml } from 'cdk8s';

// The `yaml` copy that cdk8s bundles, not whichever version the project resolves: forms must be its forms.
const cdk8sYaml: typeof import('yaml') = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s/package.json'))] }));
const libraryStringify = cdk8sYaml.stringify;

/*
 * A YAML writer for Kubernetes manifests that gives byte-for-byte the output of cdk8s's `Yaml.stringify` (the
 * `yaml` package with `lineWidth: 0` and the YAML 1.1 schema), several times faster.
 *
 * Why: serialization was ~40% of synthesizing a 100-cluster fleet, and `yaml` builds a document tree for every
 * object before it writes a character. Manifests are plain JSON data, so this writer walks them directly and
 * writes the block layout `yaml` writes (two-space indents, sequences indented under their key, `{}`/`[]` for
 * empty collections).
 *
 * How it stays exact: it decides by itself only for scalars whose form is certain (numbers, booleans, null, and
 * strings of letters, digits, `_ . / -` that start with a letter and are not YAML 1.1 booleans or null). Every
 * other string is rendered by `yaml` itself, as a key or as a value as the case may be, and memoized. When a value
 * would span lines (block scalars depend on indentation) or is not plain JSON data, the whole document is handed
 * to `yaml`. Tests compare the two writers on every synthesized manifest and on a set of awkward values.
 */

const LIBRARY_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

// Plain in every context: starts with a letter, no character that YAML gives a meaning to.
const CERTAINLY_PLAIN = /^[A-Za-z][A-Za-z0-9_./-]*$/;
// YAML 1.1 reads these words as booleans or null, so `yaml` quotes them.
const YAML11_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL',
]);

/** Thrown inside the writer when a document needs the library; never escapes {@link stringifyYaml}. */
class NeedsLibrary extends Error {}

const valueForms = new Map<string, string>();
const keyForms = new Map<string, string>();

function plain(text: string): boolean {
  return CERTAINLY_PLAIN.test(text) && !YAML11_WORDS.has(text);
}

/** How `yaml` writes `text` as a map value: `{ k: text }` → `k: <form>\n`. */
function valueForm(text: string): string {
  if (plain(text)) return text;
  let form = valueForms.get(text);
  if (form === undefined) {
    form = libraryStringify({ k: text }, LIBRARY_OPTIONS).slice(3, -1);
    valueForms.set(text, form);
  }
  if (form.includes('\n')) throw new NeedsLibrary();
  return form;
}

/** How `yaml` writes `text` as a map key: `{ text: 0 }` → `<form>: 0\n`. */
function keyForm(text: string): string {
  if (plain(text)) return text;
  let form = keyForms.get(text);
  if (form === undefined) {
    form = libraryStringify({ [text]: 0 }, LIBRARY_OPTIONS).slice(0, -4);
    keyForms.set(text, form);
  }
  if (form.includes('\n')) throw new NeedsLibrary();
  return form;
}

function scalar(value: unknown): string {
  switch (typeof value) {
    case 'string': return valueForm(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'number':
      if (Number.isInteger(value) && !Object.is(value, -0)) return String(value);
      throw new NeedsLibrary();
    case 'object':
      if (value === null) return 'null';
      throw new NeedsLibrary();
    default:
      throw new NeedsLibrary();
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The entries of a map, each on its own line at `indent`. */
function mapLines(map: Record<string, unknown>, indent: string): string {
  let out = '';
  for (const key in map) out += `${indent}${keyForm(key)}${afterKey(map[key], indent)}`;
  return out;
}

/** The items of a sequence, each starting with `- ` at `indent`. */
function seqLines(items: readonly unknown[], indent: string): string {
  const inner = `${indent}  `;
  let out = '';
  for (const item of items) {
    if (Array.isArray(item)) {
      // A nested collection starts on the dash's line: `- - a` or `- key: v`.
      out += item.length === 0 ? `${indent}- []\n` : `${indent}- ${seqLines(item, inner).slice(inner.length)}`;
    } else if (isPlainObject(item)) {
      out += isEmpty(item) ? `${indent}- {}\n` : `${indent}- ${mapLines(item, inner).slice(inner.length)}`;
    } else {
      out += `${indent}- ${scalar(item)}\n`;
    }
  }
  return out;
}

/** What follows `key` in a map at `indent`. */
function afterKey(value: unknown, indent: string): string {
  if (Array.isArray(value)) return value.length === 0 ? ': []\n' : `:\n${seqLines(value, `${indent}  `)}`;
  if (isPlainObject(value)) return isEmpty(value) ? ': {}\n' : `:\n${mapLines(value, `${indent}  `)}`;
  return `: ${scalar(value)}\n`;
}

function isEmpty(map: Record<string, unknown>): boolean {
  for (const _ in map) return false;
  return true;
}

function stringifyDocument(doc: unknown): string {
  if (isPlainObject(doc) && !isEmpty(doc)) {
    try {
      return mapLines(doc, '');
    } catch (e) {
      if (!(e instanceof NeedsLibrary)) throw e;
    }
  }
  return Yaml.stringify(doc);
}

/** `docs` as a YAML stream, exactly as cdk8s's `Yaml.stringify(...docs)` writes it. */
export function stringifyYaml(docs: readonly unknown[]): string {
  return docs.map(stringifyDocument).join('---\n');
}
