import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record, type Route53RecordConfig } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';
import type { LoadBalancedAppPlan } from '../../model';
import { latencyRegions, type AppEndpoint } from './app-endpoints';

/**
 * Where an endpoint answers: a load balancer's DNS name and hosted zone (alias records), or an IP address. A
 * shared ALB serves many hosts, so its health is the app's own: the CloudWatch alarm on the app's healthy targets.
 */
export type EndpointTarget =
  | { readonly dnsName: string; readonly zoneId: string; readonly https: boolean; readonly healthAlarm?: { readonly name: string; readonly region: string } }
  | { readonly ip: string };

/** Properties of {@link Route53AppRecords}. */
export interface Route53AppRecordsProps {
  readonly app: LoadBalancedAppPlan;
  readonly endpoints: readonly AppEndpoint[];
  /** The target of each endpoint, by endpoint id. */
  readonly targets: ReadonlyMap<string, EndpointTarget>;
  readonly zoneId: string;
  readonly ttl: number;
  readonly healthCheckInterval: number;
}

/**
 * The Route53 records of an app's host, across both clouds.
 *
 * A host served by the GCP load balancer alone gets a plain A record: its anycast IP already sends each visitor
 * to the nearest healthy GKE cluster. Otherwise every endpoint is health-checked on the app's readiness path over
 * HTTPS, and the host gets one latency record per AWS region (see `latencyRegions`): a visitor gets the endpoint
 * with the lowest latency whose health check passes, so a region that goes down drops out. A region with several
 * endpoints points at a weighted set of them under `<region>.<host>`.
 */
export class Route53AppRecords extends Construct {
  constructor(scope: Construct, id: string, props: Route53AppRecordsProps) {
    super(scope, id);
    const { app, endpoints, targets, zoneId } = props;
    const host = app.service.exposure.ingress.host;
    if (endpoints.length === 1 && endpoints[0].kind === 'gcp') {
      const target = targets.get('gcp') as { ip: string };
      new Route53Record(scope, `record-${app.name}`, { zoneId, name: host, type: 'A', ttl: props.ttl, records: [target.ip] });
      return;
    }

    const healthChecks = new Map(endpoints.map((endpoint) => [endpoint.id, this.healthCheck(scope, props, endpoint).id]));
    const answer = (endpoint: AppEndpoint): Partial<Route53RecordConfig> => {
      const target = endpointTarget(targets, endpoint);
      const healthCheckId = lookUp(healthChecks, endpoint.id, 'health check');
      return 'ip' in target
        ? { ttl: props.ttl, records: [target.ip], healthCheckId }
        : { alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true }, healthCheckId };
    };
    for (const [region, inRegion] of latencyRegions(endpoints)) {
      const latency = { zoneId, name: host, type: 'A', setIdentifier: region, latencyRoutingPolicy: { region } };
      if (inRegion.length === 1) {
        new Route53Record(scope, `latency-${app.name}-${region}`, { ...latency, ...answer(inRegion[0]) });
        continue;
      }
      const regional = `${region}.${host}`;
      const weighted = inRegion.map((endpoint) => new Route53Record(scope, `weighted-${app.name}-${region}-${endpoint.id}`, {
          zoneId,
          name: regional,
          type: 'A',
          setIdentifier: endpoint.id,
          weightedRoutingPolicy: { weight: endpoint.kind === 'gcp' ? 1 : endpoint.cluster.weight },
        ...answer(endpoint),
      }));
      // Route53 refuses an alias to a record that does not exist yet: without the explicit dependency, a parallel
      // apply may create the latency record first (the alias names the set by its name, not by a reference).
      new Route53Record(scope, `latency-${app.name}-${region}`, { ...latency, alias: { name: regional, zoneId, evaluateTargetHealth: true }, dependsOn: weighted });
    }
  }

  /**
   * An HTTPS check of the app's readiness path on the endpoint, with the host as SNI where the endpoint has an IP;
   * on a shared ALB, the alarm on the app's healthy targets (an HTTPS check of the ALB's name would reach no app's
   * rule). The two kinds have their own ids: moving an app from its NLB to the ALB creates the new check before
   * the old one, which the record still uses, is deleted.
   */
  private healthCheck(scope: Construct, props: Route53AppRecordsProps, endpoint: AppEndpoint): Route53HealthCheck {
    const { app } = props;
    const target = endpointTarget(props.targets, endpoint);
    if ('healthAlarm' in target && target.healthAlarm) {
      return new Route53HealthCheck(scope, `alb-health-${app.name}-${endpoint.id}`, {
        type: 'CLOUDWATCH_METRIC',
        cloudwatchAlarmName: target.healthAlarm.name,
        cloudwatchAlarmRegion: target.healthAlarm.region,
        // Until the alarm has data, the check keeps its last status (healthy when new), as an HTTPS check would.
        insufficientDataHealthStatus: 'LastKnownStatus',
        tags: { Name: `${app.name} in ${endpoint.id}` },
      });
    }
    const https = 'ip' in target || target.https;
    return new Route53HealthCheck(scope, `health-${app.name}-${endpoint.id}`, {
      type: https ? 'HTTPS' : 'HTTP',
      ...('ip' in target ? { ipAddress: target.ip, fqdn: app.service.exposure.ingress.host } : { fqdn: target.dnsName }),
      port: https ? 443 : app.service.port,
      resourcePath: app.readiness.check.path,
      requestInterval: props.healthCheckInterval,
      failureThreshold: 3,
      ...(https ? { enableSni: true } : {}),
      tags: { Name: `${app.name} ${endpoint.kind === 'gcp' ? 'on the GCP load balancer' : `in ${endpoint.id}`}` },
    });
  }
}

/** The target of `endpoint`: the DNS stack resolves one for every endpoint of the app. */
export function endpointTarget(targets: ReadonlyMap<string, EndpointTarget>, endpoint: AppEndpoint): EndpointTarget {
  return lookUp(targets, endpoint.id, 'target');
}

function lookUp<T>(map: ReadonlyMap<string, T>, endpoint: string, what: string): T {
  const value = map.get(endpoint);
  if (value === undefined) throw new Error(`No ${what} for the endpoint "${endpoint}"`);
  return value;
}
