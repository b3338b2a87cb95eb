import { createHash } from 'node:crypto';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_RULE = "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

/** Whether `value` is an RFC 1123 label, as Kubernetes requires of names and namespaces. */
export function isDnsLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS_LABEL.test(value);
}

/** Explains {@link isDnsLabel} in an error message. */
export const DNS_LABEL_RULE = `a DNS-1123 label (${LABEL_RULE})`;

/**
 * Whether `value` is a fully qualified DNS name that can be served over HTTPS with a managed certificate:
 * at least two labels, no wildcard, no trailing dot, at most 253 characters.
 */
export function isHostname(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 253) return false;
  const labels = value.split('.');
  return labels.length >= 2 && labels.every(isDnsLabel) && !/^[0-9]+$/.test(labels[labels.length - 1]);
}

export const HOSTNAME_RULE = 'a DNS name such as "app.example.com" (lowercase labels separated by dots, no wildcard, no trailing dot)';

/** A container image reference split into its parts. */
export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

// The reference grammar of the OCI distribution spec, reduced to what registries accept in practice.
const IMAGE = new RegExp(
  '^(?<repository>(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)'
  + '(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?'
  + '(?:@(?<digest>sha256:[a-f0-9]{64}))?$',
);

/** Parses an image reference; `undefined` when it is not one. */
export function parseImage(value: unknown): ImageReference | undefined {
  if (typeof value !== 'string') return undefined;
  const match = IMAGE.exec(value);
  if (!match?.groups) return undefined;
  const { repository, tag, digest } = match.groups;
  return { repository, tag, digest };
}

/**
 * A cloud resource name made of `parts`, within `maxLength` characters.
 *
 * Names longer than the limit keep a readable prefix and end with a hash of the full name, so they stay
 * unique and, because they derive from the declared names only, stable from one synth to the next.
 */
export function boundedName(parts: readonly string[], maxLength: number): string {
  const full = parts.filter((p) => p.length > 0).join('-');
  if (full.length <= maxLength) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  const prefix = full.slice(0, maxLength - hash.length - 1).replace(/-+$/, '');
  return `${prefix}-${hash}`;
}

/**
 * A cloud resource name for a tuple of declared names, unique by construction: a readable prefix (the parts joined
 * by '-') and a hash of the parts as a JSON array, within `maxLength` characters. A joined name alone is ambiguous
 * (`prod` + `eu-web` and `prod-eu` + `web` both give `prod-eu-web`); the JSON array is not, so two tuples share a
 * name only if SHA-256 collides in its first 32 bits. Synthesis still checks the names it makes for duplicates.
 */
export function tupleName(parts: readonly string[], maxLength: number): string {
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 8);
  const prefix = parts.filter((p) => p.length > 0).join('-').slice(0, maxLength - hash.length - 1).replace(/-+$/, '');
  return `${prefix}-${hash}`;
}
