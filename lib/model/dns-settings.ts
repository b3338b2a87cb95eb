import { isHostname, HOSTNAME_RULE } from './names';
import { show, type Problems } from './problems';

/** A Route53 hosted zone: an existing one by id, or one the fleet creates by name. */
export interface Route53Props {
  /**
   * Id of an existing public hosted zone, e.g. `Z0123456789ABCDEFGHIJ`.
   * @default - the zone `zoneName` is created
   */
  readonly zoneId?: string;
  /**
   * Name of the zone, e.g. `example.com`: created when `zoneId` is not given, checked against the hosts otherwise.
   * @default - required when `zoneId` is not given
   */
  readonly zoneName?: string;
}

/** A Cloud DNS managed zone, for fleets that keep DNS on Google Cloud. */
export interface CloudDnsProps {
  /** The zone's DNS name, e.g. `example.com`. */
  readonly zoneName: string;
  /**
   * Name of an existing managed zone with that DNS name.
   * @default - a managed zone named after the fleet and the DNS name is created, with DNSSEC on
   */
  readonly managedZone?: string;
}

/**
 * Where the apps' hostnames are published: Route53 (latency routing and health checks across both clouds) or
 * Cloud DNS (geo routing). One of them.
 */
export interface DnsProps {
  /**
   * Publish the hosts in Route53.
   * @default - not in Route53
   */
  readonly route53?: Route53Props;
  /**
   * Publish the hosts in Cloud DNS.
   * @default - not in Cloud DNS
   */
  readonly cloudDns?: CloudDnsProps;
  /**
   * TTL in seconds of records that are not aliases. Short, so a failed-over region leaves caches quickly.
   * @default 60
   */
  readonly ttl?: number;
  /**
   * Seconds between Route53 health checks of each endpoint (10 or 30).
   * @default 30
   */
  readonly healthCheckInterval?: 10 | 30;
}

/** A Route53 hosted zone, resolved: an existing one by id, or one the fleet creates by name. */
export type ResolvedRoute53Zone =
  | { readonly zoneId: string; readonly zoneName?: string }
  | { readonly zoneId?: undefined; readonly zoneName: string };

/** A Cloud DNS managed zone, resolved. */
export interface ResolvedCloudDnsZone {
  readonly zoneName: string;
  /** Name of an existing managed zone; absent when the fleet creates the zone. */
  readonly managedZone?: string;
}

/** What DNS settings have wherever the hosts are published. */
interface ResolvedDnsCommon {
  readonly ttl: number;
  readonly healthCheckInterval: 10 | 30;
  /** The zone's DNS name when it is known: every host must be in it. */
  readonly zoneName?: string;
}

/** DNS settings with every default applied, hosts published in Route53. */
export interface ResolvedRoute53DnsSettings extends ResolvedDnsCommon {
  readonly kind: 'route53';
  readonly route53: ResolvedRoute53Zone;
}

/** DNS settings with every default applied, hosts published in Cloud DNS. */
export interface ResolvedCloudDnsSettings extends ResolvedDnsCommon {
  readonly kind: 'cloudDns';
  readonly cloudDns: ResolvedCloudDnsZone;
}

/** DNS settings with every default applied: the hosts are published in one of Route53 and Cloud DNS. */
export type ResolvedDnsSettings = ResolvedRoute53DnsSettings | ResolvedCloudDnsSettings;

const ROUTE53_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/** Checks and resolves the fleet's DNS settings; `undefined` when the fleet publishes no DNS records. */
export function planDnsSettings(props: DnsProps | undefined, problems: Problems): ResolvedDnsSettings | undefined {
  if (!props) return undefined;
  const { route53, cloudDns } = props;
  problems.check(!(route53 && cloudDns), 'dns', 'names both route53 and cloudDns; publish the hosts in one of them');
  if (!route53 && !cloudDns) {
    problems.add('dns', 'names neither route53 nor cloudDns; set one, or leave dns out');
    return undefined;
  }
  if (route53) {
    if (route53.zoneId !== undefined) {
      problems.check(ROUTE53_ZONE_ID.test(String(route53.zoneId)), 'dns.route53.zoneId', `${show(route53.zoneId)} is not a Route53 hosted zone id (a "Z" and up to 31 uppercase letters and digits, e.g. "Z0123456789ABCDEFGHIJ"; not the zone's name)`);
    } else {
      problems.check(route53.zoneName !== undefined, 'dns.route53', 'needs zoneId (an existing hosted zone) or zoneName (a zone to create)');
    }
    if (route53.zoneName !== undefined) problems.check(isHostname(route53.zoneName), 'dns.route53.zoneName', `${show(route53.zoneName)} is not ${HOSTNAME_RULE}`);
  }
  if (cloudDns) problems.check(isHostname(cloudDns.zoneName), 'dns.cloudDns.zoneName', `${show(cloudDns.zoneName)} is not ${HOSTNAME_RULE}`);
  const ttl = props.ttl ?? 60;
  problems.check(Number.isInteger(ttl) && ttl >= 0 && ttl <= 172800, 'dns.ttl', `${show(ttl)} is not a TTL (0-172800 seconds)`);
  const interval = props.healthCheckInterval ?? 30;
  problems.check(interval === 10 || interval === 30, 'dns.healthCheckInterval', `${show(interval)} is not a Route53 health check interval; use 10 or 30`);
  const zoneName = route53?.zoneName ?? cloudDns?.zoneName;
  const common = { ttl, healthCheckInterval: interval, ...(zoneName ? { zoneName } : {}) };
  if (route53) {
    // Without an id, the zone is created with its name; a missing name is reported above, and a fleet with a
    // problem has no plan, so the empty name never reaches a renderer.
    const zone: ResolvedRoute53Zone = route53.zoneId !== undefined
      ? { zoneId: route53.zoneId, ...(route53.zoneName !== undefined ? { zoneName: route53.zoneName } : {}) }
      : { zoneName: route53.zoneName ?? '' };
    return { kind: 'route53', route53: zone, ...common };
  }
  if (cloudDns) return { kind: 'cloudDns', cloudDns: { ...cloudDns }, ...common };
  return undefined;
}
