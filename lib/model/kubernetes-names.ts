import { isDnsLabel } from './names';

/*
 * Kubernetes' syntax rules for names, labels and environment variables (k8s.io/apimachinery/pkg/util/validation),
 * checked before synthesis so a bad value is reported with the path it was declared at, not by the API server.
 */

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** An RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export function isDnsSubdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && value.split('.').every(isDnsLabel);
}

export const DNS_SUBDOMAIN_RULE = "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)";

/** An RFC 1035 label: as a DNS-1123 label, but starting with a letter. Service names must be one. */
export function isDns1035Label(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS_1035_LABEL.test(value);
}

export const DNS_1035_LABEL_RULE = "a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters)";

/** A label key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function isLabelKey(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const slash = value.lastIndexOf('/');
  const name = slash < 0 ? value : value.slice(slash + 1);
  const prefixOk = slash < 0 || isDnsSubdomain(value.slice(0, slash));
  return prefixOk && name.length <= 63 && LABEL_NAME.test(name);
}

export const LABEL_KEY_RULE = "a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

/** A label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit. */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && LABEL_NAME.test(value)));
}

export const LABEL_VALUE_RULE = "a label value (empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

/** An environment variable name as Kubernetes accepts it. */
export function isEnvName(value: unknown): value is string {
  return typeof value === 'string' && ENV_NAME.test(value);
}

export const ENV_NAME_RULE = "an environment variable name (letters, digits, '_', '-' and '.', not starting with a digit)";
