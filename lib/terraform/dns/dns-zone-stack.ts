import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import type { Construct } from 'constructs';
import { boundedName, type DnsPlan, type FleetPlan, type ResolvedCloudDnsZone, type ResolvedRoute53Zone } from '../../model';
import { addAwsProvider } from '../aws/aws-provider';
import { FleetStack } from '../fleet-stack';
import { addGoogleProvider } from '../gcp/google-provider';
import type { StackContext } from '../stack-definition';

/** Route53 is global; its API and health checks are served from us-east-1. */
export const ROUTE53_REGION = 'us-east-1';

/**
 * The DNS zone the fleet creates (a Route53 hosted zone or a Cloud DNS managed zone), in a stack of its own that
 * is applied first: ACM validates certificates in it before the load balancers that serve them exist, and the
 * records that point at those load balancers come last. `prevent_destroy` guards it; delegate your domain to its
 * `name_servers`.
 *
 * Outputs: `zone_id` (Route53) or `managed_zone` (Cloud DNS), and `name_servers`.
 */
export class DnsZoneStack extends FleetStack {
  public static readonly NAME = 'dns-zone';

  /** The zone the fleet creates, if it creates one rather than naming an existing one. */
  public static createdZone(dns: DnsPlan): CreatedZone | undefined {
    if (dns.kind === 'route53') return dns.route53.zoneId === undefined ? { kind: 'route53', zoneName: dns.route53.zoneName } : undefined;
    return dns.cloudDns.managedZone === undefined ? { kind: 'cloudDns', zoneName: dns.cloudDns.zoneName, project: dns.project } : undefined;
  }

  constructor(scope: Construct, context: StackContext, created: CreatedZone) {
    super(scope, DnsZoneStack.NAME, { ...context, description: 'The fleet\'s DNS zone; delegate the domain to its name servers.' });
    if (created.kind === 'route53') {
      addAwsProvider(this, ROUTE53_REGION);
      const zone = new Route53Zone(this, 'zone', {
        name: created.zoneName,
        comment: `Hosts of the fleet "${context.plan.name}", managed by cdk-fleet.`,
        lifecycle: { preventDestroy: true },
      });
      this.publish('zone_id', zone.zoneId, 'Id of the Route53 hosted zone.');
      this.publish('name_servers', zone.nameServers, 'Name servers to delegate the domain to.');
    } else {
      addGoogleProvider(this, created.project);
      const zone = new DnsManagedZone(this, 'zone', {
        name: cloudDnsZoneName(context.plan, created.zoneName),
        dnsName: `${created.zoneName}.`,
        description: `Hosts of the fleet "${context.plan.name}", managed by cdk-fleet.`,
        visibility: 'public',
        dnssecConfig: { state: 'on' },
        lifecycle: { preventDestroy: true },
      });
      this.publish('managed_zone', zone.name, 'Name of the Cloud DNS managed zone.');
      this.publish('name_servers', zone.nameServers, 'Name servers to delegate the domain to.');
    }
  }
}

/** The DNS zone the fleet creates: a Route53 hosted zone, or a Cloud DNS managed zone in the fleet's project. */
export type CreatedZone =
  | { readonly kind: 'route53'; readonly zoneName: string }
  | { readonly kind: 'cloudDns'; readonly zoneName: string; readonly project: string };

/** Name of the Cloud DNS managed zone the fleet creates for the DNS name `zoneName`. */
export function cloudDnsZoneName(plan: FleetPlan, zoneName: string): string {
  return boundedName([plan.name, zoneName.replace(/\./g, '-')], 63);
}

/** The Route53 zone id, for a stack that writes records: the existing zone's, or the created zone's output. */
export function route53ZoneId(stack: FleetStack, route53: ResolvedRoute53Zone): string {
  return route53.zoneId ?? stack.consumeString(DnsZoneStack.NAME, 'zone_id');
}

/** The Cloud DNS managed zone, for a stack that writes records: the existing zone's name, or the created one's. */
export function cloudDnsManagedZone(stack: FleetStack, cloudDns: ResolvedCloudDnsZone): string {
  return cloudDns.managedZone ?? stack.consumeString(DnsZoneStack.NAME, 'managed_zone');
}
