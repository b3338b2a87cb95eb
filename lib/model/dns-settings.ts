import type { Problems } from './problems';

/** Where the apps' hostnames are published. */
export interface DnsProps {}

/** DNS settings with every default applied. */
export interface ResolvedDnsSettings {}

/** Checks and resolves the fleet's DNS settings. */
export function planDnsSettings(_props: DnsProps | undefined, _problems: Problems): ResolvedDnsSettings | undefined {
  return undefined;
}
