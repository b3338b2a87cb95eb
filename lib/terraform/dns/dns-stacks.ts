import type { FleetPlan } from '../../model';
import type { StackDefinition } from '../stack-definition';
import { DnsZoneStack } from './dns-zone-stack';
import { GlobalDnsStack, publishedApps } from './global-dns-stack';

/** The stacks that publish the fleet's hostnames: the zone, when the fleet creates it, and each app's records. */
export function dnsStacks(plan: FleetPlan): StackDefinition[] {
  const dns = plan.dns;
  if (!dns) return [];
  const stacks: StackDefinition[] = [];
  const created = DnsZoneStack.createdZone(dns);
  if (created) stacks.push({ name: DnsZoneStack.NAME, build: (scope, context) => new DnsZoneStack(scope, context, created) });
  for (const app of publishedApps(plan)) {
    stacks.push({ name: GlobalDnsStack.nameOf(app.name), build: (scope, context) => new GlobalDnsStack(scope, context, dns, app) });
  }
  return stacks;
}
