import { DataAwsLb } from '@cdktf/provider-aws/lib/data-aws-lb';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import type { Construct } from 'constructs';
import { isAlbBalanced, isLoadBalanced, type DnsPlan, type FleetPlan, type HostPlan, type LoadBalancedAppPlan } from '../../model';
import { ownValue } from '../../model/shapes';
import { EksClusterStack } from '../aws/eks-cluster-stack';
import { addAwsProvider } from '../aws/aws-provider';
import { FleetStack } from '../fleet-stack';
import { GlobalLoadBalancerStack } from '../gcp/global-load-balancer-stack';
import { dnsAuthorizationOutput } from '../gcp/gcp-names';
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
 * The DNS records of one host, across both clouds, in Route53 or Cloud DNS (see `Route53AppRecords` and
 * `CloudDnsAppRecords`), in the stack `global-dns-<app>` of the host's owner app (see `HostPlan`): apps that share
 * a host share its records, written once. With the host on GKE, also the CNAME that authorizes its Google-managed
 * certificate (see `HostCertificate`). Applied last: it reads the GCP load balancer's IP and
 * the EKS load balancers' names (and the shared ALBs' health alarms). Load balancers that the AWS Load Balancer Controller creates are found by the
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

  constructor(scope: Construct, context: StackContext, dns: DnsPlan, host: HostPlan) {
    const app = host.owner;
    super(scope, GlobalDnsStack.nameOf(app.name), { ...context, description: `The DNS records of ${host.host}, across both clouds.` });
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
    if (endpoints.some((e) => e.kind === 'gcp')) this.addCertificateAuthorization(dns, app);
  }

  /** The CNAME `_acme-challenge.<host>` that lets Certificate Manager issue and renew the host's certificate. */
  private addCertificateAuthorization(dns: DnsPlan, app: LoadBalancedAppPlan): void {
    const name = this.consume(dnsAuthorizationOutput(GlobalLoadBalancerStack.NAME, app.name, 'name'));
    const data = this.consume(dnsAuthorizationOutput(GlobalLoadBalancerStack.NAME, app.name, 'data'));
    if (dns.kind === 'route53') {
      new Route53Record(this, `certificate-authorization-${app.name}`, { zoneId: route53ZoneId(this, dns.route53), name, type: 'CNAME', ttl: 300, records: [data] });
    } else {
      new DnsRecordSet(this, `certificate-authorization-${app.name}`, { managedZone: cloudDnsManagedZone(this, dns.cloudDns), name, type: 'CNAME', ttl: 300, rrdatas: [data] });
    }
  }

  private targetOf(app: LoadBalancedAppPlan, endpoint: AppEndpoint): EndpointTarget {
    if (endpoint.kind === 'gcp') return { ip: this.consume(GlobalLoadBalancerStack.IP_ADDRESS) };
    if (endpoint.kind === 'alb' && isAlbBalanced(app)) {
      const cluster = EksClusterStack.outputsOf(endpoint.cluster.name);
      const group = app.service.exposure.aws.group;
      return {
        dnsName: this.consume(cluster.albDnsName(group)),
        zoneId: this.consume(cluster.albZoneId(group)),
        https: true,
        healthAlarm: { name: this.consume(cluster.healthAlarmName(app.name)), region: endpoint.cluster.region },
      };
    }
    if (endpoint.kind === 'nlb') {
      const cluster = EksClusterStack.outputsOf(endpoint.cluster.name);
      return {
        dnsName: this.consume(cluster.loadBalancerDnsName(app.name)),
        zoneId: this.consume(cluster.loadBalancerZoneId(app.name)),
        https: true,
      };
    }
    // The AWS Load Balancer Controller tags the load balancer of a Service with its cluster and namespace/name.
    const lb = new DataAwsLb(this, `lb-${app.name}-${endpoint.cluster.name}`, {
      provider: this.providerFor(endpoint.cluster.region),
      tags: { 'elbv2.k8s.aws/cluster': endpoint.cluster.name, 'service.k8s.aws/stack': `${app.namespace}/${app.name}` },
    });
    const aws = app.service.exposure.aws;
    return { dnsName: lb.dnsName, zoneId: lb.zoneId, https: aws?.style === 'service' && Boolean(ownValue(aws.certificateArns, endpoint.cluster.region)) };
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
