import { DataAwsLb } from '@cdktf/provider-aws/lib/data-aws-lb';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { isLoadBalanced, type DnsPlan, type FleetPlan, type LoadBalancedAppPlan } from '../../model';
import { loadBalancerOutput } from '../aws/aws-names';
import { addAwsProvider } from '../aws/aws-provider';
import { FleetStack } from '../fleet-stack';
import { GlobalLoadBalancerStack } from '../gcp/global-load-balancer-stack';
import { addGoogleProvider } from '../gcp/google-provider';
import type { StackContext } from '../stack-definition';
import { appEndpoints, type AppEndpoint } from './app-endpoints';
import { CloudDnsAppRecords } from './cloud-dns-app-records';
import { cloudDnsManagedZone, ROUTE53_REGION, route53ZoneId } from './dns-zone-stack';
import { Route53AppRecords, type EndpointTarget } from './route53-app-records';

/** The apps whose hosts the fleet publishes: every app with a host. */
export function publishedApps(plan: FleetPlan): LoadBalancedAppPlan[] {
  return plan.apps.filter(isLoadBalanced).filter((app) => plan.workloadsOf(app.name).length > 0);
}

/**
 * The DNS records of one app's host, across both clouds, in Route53 or Cloud DNS (see `Route53AppRecords` and
 * `CloudDnsAppRecords`), in the stack `global-dns-<app>`. Applied last: it reads the GCP load balancer's IP and
 * the EKS load balancers' names. Load balancers that the AWS Load Balancer Controller creates are found by the
 * tags it puts on them, so such a stack is applied after the manifests.
 *
 * One stack per app: a change to an app's records plans only that app's stack, and synthesis holds one app's
 * records at a time (one stack for every app's records held 22,500 resources at 200 clusters x 100 apps).
 */
export class GlobalDnsStack extends FleetStack {
  /** The name of the stack holding the records of app `appName`. */
  public static nameOf(appName: string): string {
    return `global-dns-${appName}`;
  }

  private readonly regionalProviders = new Map<string, AwsProvider>();

  constructor(scope: Construct, context: StackContext, dns: DnsPlan, app: LoadBalancedAppPlan) {
    super(scope, GlobalDnsStack.nameOf(app.name), { ...context, description: `The DNS records of ${app.service.exposure.ingress.host}, across both clouds.` });
    const plan = context.plan;
    if (dns.kind === 'route53') addAwsProvider(this, ROUTE53_REGION);
    if (dns.kind === 'cloudDns') addGoogleProvider(this, dns.project);
    const endpoints = appEndpoints(plan, app);
    const targets = new Map(endpoints.map((endpoint) => [endpoint.id, this.targetOf(app, endpoint)]));
    if (dns.kind === 'route53') {
      new Route53AppRecords(this, `route53-${app.name}`, { app, endpoints, targets, zoneId: route53ZoneId(this, dns.route53), ttl: dns.ttl, healthCheckInterval: dns.healthCheckInterval });
    } else {
      new CloudDnsAppRecords(this, `cloud-dns-${app.name}`, { app, endpoints, targets, managedZone: cloudDnsManagedZone(this, dns.cloudDns), ttl: dns.ttl });
    }
  }

  private targetOf(app: LoadBalancedAppPlan, endpoint: AppEndpoint): EndpointTarget {
    if (endpoint.kind === 'gcp') return { ip: this.consumeString(GlobalLoadBalancerStack.NAME, 'ip_address') };
    const stack = `cluster-${endpoint.cluster.name}`;
    if (endpoint.kind === 'nlb') {
      return {
        dnsName: this.consumeString(stack, loadBalancerOutput(app.name, 'dns_name')),
        zoneId: this.consumeString(stack, loadBalancerOutput(app.name, 'zone_id')),
        https: true,
      };
    }
    // The AWS Load Balancer Controller tags the load balancer of a Service with its cluster and namespace/name.
    const lb = new DataAwsLb(this, `lb-${app.name}-${endpoint.cluster.name}`, {
      provider: this.providerFor(endpoint.cluster.region),
      tags: { 'elbv2.k8s.aws/cluster': endpoint.cluster.name, 'service.k8s.aws/stack': `${app.namespace}/${app.name}` },
    });
    const aws = app.service.exposure.aws;
    return { dnsName: lb.dnsName, zoneId: lb.zoneId, https: aws?.style === 'service' && Boolean(aws.certificateArns[endpoint.cluster.region]) };
  }

  private providerFor(region: string): AwsProvider {
    let provider = this.regionalProviders.get(region);
    if (!provider) {
      provider = addAwsProvider(this, region, region);
      this.regionalProviders.set(region, provider);
    }
    return provider;
  }
}
