/** An IPv4 CIDR block. */
export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; `undefined` when it is not an IPv4 CIDR block with its host bits zero. */
export function parseCidr(value: unknown): Cidr | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((base & ~mask) >>> 0 !== 0) return undefined;
  return { base, prefix };
}

/** Whether two blocks share an address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  const size = (c: Cidr) => 2 ** (32 - c.prefix);
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

export const CIDR_RULE = 'an IPv4 CIDR block such as "10.8.0.0/20", with its host bits zero';

/** The `index`-th block of prefix length `prefix` inside `parent` (Terraform's `cidrsubnet`, computed here). */
export function subnetOf(parent: string, prefix: number, index: number): string {
  const block = parseCidr(parent);
  if (!block || prefix < block.prefix || index >= 2 ** (prefix - block.prefix)) throw new Error(`No block ${index} of /${prefix} in ${parent}`);
  const base = block.base + index * 2 ** (32 - prefix);
  return `${[24, 16, 8, 0].map((shift) => (base >>> shift) & 255).join('.')}/${prefix}`;
}
