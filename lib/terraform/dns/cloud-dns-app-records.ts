import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { Construct } from 'constructs';
import type { LoadBalancedAppPlan } from '../../model';
import { geoLocations, type AppEndpoint } from './app-endpoints';
import { endpointTarget, type EndpointTarget } from './route53-app-records';

/** Properties of {@link CloudDnsAppRecords}. */
export interface CloudDnsAppRecordsProps {
  readonly app: LoadBalancedAppPlan;
  readonly endpoints: readonly AppEndpoint[];
  readonly targets: ReadonlyMap<string, EndpointTarget>;
  readonly managedZone: string;
  readonly ttl: number;
}

/**
 * The Cloud DNS records of an app's host, for fleets that keep DNS on Google Cloud.
 *
 * A host on the GCP load balancer alone gets an A record. With EKS endpoints, the host is a CNAME with a geo
 * routing policy: visitors get the answer of the GCP region nearest to them (see `geoLocations`): the GCP load
 * balancer's name `gcp.<host>` (an A record of its IP) or an EKS load balancer's DNS name.
 *
 * Trade-off against Route53: Cloud DNS health-checks only IP endpoints and internal load balancers, not AWS load
 * balancer names, so a failed EKS region keeps its visitors until the record changes. Route53 is the default.
 */
export class CloudDnsAppRecords extends Construct {
  constructor(scope: Construct, id: string, props: CloudDnsAppRecordsProps) {
    super(scope, id);
    const { app, endpoints, targets, managedZone, ttl } = props;
    const host = app.service.exposure.ingress.host;
    const gcp = targets.get('gcp') as { ip: string } | undefined;
    if (endpoints.length === 1 && gcp) {
      new DnsRecordSet(scope, `record-${app.name}`, { managedZone, name: `${host}.`, type: 'A', ttl, rrdatas: [gcp.ip] });
      return;
    }
    if (gcp) new DnsRecordSet(scope, `gcp-record-${app.name}`, { managedZone, name: `gcp.${host}.`, type: 'A', ttl, rrdatas: [gcp.ip] });
    const nameOf = (endpoint: AppEndpoint) => {
      const target = endpointTarget(targets, endpoint);
      return 'ip' in target ? `gcp.${host}.` : `${target.dnsName}.`;
    };
    new DnsRecordSet(scope, `record-${app.name}`, {
      managedZone,
      name: `${host}.`,
      type: 'CNAME',
      ttl,
      routingPolicy: {
        geo: [...geoLocations(endpoints)].map(([location, endpoint]) => ({ location, rrdatas: [nameOf(endpoint)] })),
      },
    });
  }
}
