import type { FleetPlan } from '../../model';
import type { StackDefinition } from '../stack-definition';
import { DnsZoneStack } from './dns-zone-stack';
import { GlobalDnsStack, publishedApps } from './global-dns-stack';

/** The stacks that publish the fleet's hostnames: the zone, when the fleet creates it, and the records. */
export function dnsStacks(plan: FleetPlan): StackDefinition[] {
  if (!plan.settings.dns) return [];
  const stacks: StackDefinition[] = [];
  if (DnsZoneStack.isNeeded(plan)) stacks.push({ name: DnsZoneStack.NAME, build: (scope, context) => new DnsZoneStack(scope, context) });
  if (publishedApps(plan).length > 0) stacks.push({ name: GlobalDnsStack.NAME, build: (scope, context) => new GlobalDnsStack(scope, context) });
  return stacks;
}
