import type { ResolvedDnsSettings } from './dns-settings';
import { hostsOf } from './hosts';
import { isHostname } from './names';
import type { ResolvedGcpSettings } from './gcp-settings';
import { isAwsBalanced, isLoadBalanced, isNlbBalanced, type AppPlan, type WorkloadPlan } from './plan';
import type { Problems } from './problems';

/**
 * Rules across clusters, apps and the fleet's DNS: what global traffic needs to reach each app.
 * - Hosts lie in the DNS zone, when the fleet publishes them.
 * - Apps behind Terraform's load balancers on EKS (shared ALBs, NLBs) need the fleet's DNS: ACM validates their
 *   certificates there.
 * - An NLB cannot route by path: an app behind NLBs serves its host at `/`.
 * - Cloud DNS lives in the fleet's GCP project.
 * - Apps that share a host: one of them serves `/` (it owns the host's records and certificate), and none runs on
 *   EKS, where a host's records, certificate and listener rule are one app's: two apps would both claim the
 *   host's records (Route53 `InvalidChangeBatch`: the record set already exists).
 * - Cloud DNS: a host at the zone apex that needs a CNAME (EKS endpoints) is refused: DNS forbids a CNAME at a
 *   zone apex, beside the zone's SOA and NS records (RFC 1034 section 3.6.2, RFC 2181 section 10.1).
 */
export function checkTraffic(
  apps: readonly AppPlan[],
  workloads: readonly WorkloadPlan[],
  settings: { readonly dns?: ResolvedDnsSettings; readonly gcp?: ResolvedGcpSettings; readonly dnsDeclared?: boolean },
  problems: Problems,
): void {
  const zone = settings.dns?.zoneName;
  for (const app of apps.filter(isLoadBalanced)) {
    const { host } = app.service.exposure.ingress;
    if (!zone || !isHostname(host)) continue;
    const inZone = host === zone || host.endsWith(`.${zone}`);
    problems.check(inZone, `apps.${app.name}.ingress.host`, `"${host}" is not in the DNS zone "${zone}"; use a host under ${zone}, or publish another zone`);
  }
  const behindNlb = apps.filter((app) => isLoadBalanced(app) && workloads.some((w) => w.app === app && w.serviceType === 'NodePort' && w.cluster.cloud === 'aws'));
  if (behindNlb.length > 0 && !settings.dns && !settings.dnsDeclared) {
    const names = behindNlb.map((a) => `"${a.name}"`);
    problems.add('dns', `is required: ${names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more apps are` : `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'}`} served over HTTPS by Terraform's load balancers on EKS, and ACM validates their certificates in the fleet's DNS zone; set dns: DnsZone.route53({ zoneName }) or DnsZone.cloudDns({ zoneName })`);
  }
  for (const app of apps.filter(isNlbBalanced)) {
    const { path } = app.service.exposure.ingress;
    problems.check(path === '/', `apps.${app.name}.ingress.path`, `"${path}": the app runs behind NLBs on EKS (loadBalancing.aws.loadBalancer "nlb"), and an NLB cannot route by path; serve the app at "/", or use the shared ALB (loadBalancer "alb")`);
  }
  for (const app of apps.filter(isAwsBalanced)) {
    const aws = app.service.exposure.aws;
    if (aws.style !== 'service') continue;
    const regions = [...new Set(workloads.filter((w) => w.app === app && w.cluster.cloud === 'aws').map((w) => w.cluster.region))];
    const missing = regions.filter((r) => !aws.certificateArns[r]);
    problems.check(missing.length === 0, `apps.${app.name}.loadBalancing.aws.certificateArns`, `has no certificate for ${missing.join(', ')}: a service-owned load balancer serves the host over HTTPS with the region's ACM certificate, which the AWS Load Balancer Controller needs by ARN`);
    problems.check(app.service.port === 443, `apps.${app.name}.servicePort`, `${app.service.port}: a service-owned load balancer listens on the Service port; set servicePort: 443 to serve the host over HTTPS`);
    for (const [region, arn] of Object.entries(aws.certificateArns)) {
      problems.check(new RegExp(`^arn:aws[a-z-]*:acm:${region}:\\d{12}:certificate/[0-9a-f-]+$`).test(arn), `apps.${app.name}.loadBalancing.aws.certificateArns.${region}`, `"${arn}" is not an ACM certificate ARN of ${region}`);
    }
  }
  for (const { host, apps: sharing } of hostsOf(apps)) {
    if (sharing.length < 2) continue;
    const names = sharing.map((a) => `"${a.name}"`).join(', ');
    problems.check(sharing.some((a) => a.service.exposure.ingress.path === '/'), `apps.${sharing[0].name}.ingress.host`, `"${host}" is shared by ${names}, and none serves "/"; give one of them the path "/" (it owns the host's DNS records and certificate), or give each app its own host`);
    for (const app of sharing) {
      const eks = workloads.filter((w) => w.app === app && w.cluster.cloud === 'aws').map((w) => w.cluster.name);
      problems.check(eks.length === 0, `apps.${app.name}.ingress.host`, `"${host}" is shared by ${names}, and "${app.name}" runs on EKS (${eks.join(', ')}), where a host's records, certificate and load balancer rule belong to one app; give the app a host of its own, or place it on GKE clusters only`);
    }
  }
  const cloudDnsZone = settings.dns?.kind === 'cloudDns' ? settings.dns.cloudDns.zoneName : undefined;
  for (const app of apps.filter(isLoadBalanced).filter((a) => a.service.exposure.ingress.host === cloudDnsZone)) {
    const eks = workloads.filter((w) => w.app === app && w.cluster.cloud === 'aws').map((w) => w.cluster.name);
    problems.check(eks.length === 0, `apps.${app.name}.ingress.host`, `"${cloudDnsZone}" is the apex of the Cloud DNS zone, and the app runs on EKS (${eks.join(', ')}), whose load balancers Cloud DNS can only name with a CNAME, which DNS forbids at a zone apex; use a host under the zone (e.g. "www.${cloudDnsZone}"), or Route53, whose alias records work at the apex`);
  }
  problems.check(settings.dns?.kind !== 'cloudDns' || settings.gcp !== undefined, 'dns.cloudDns', 'needs gcp.project: the managed zone lives in the fleet\'s Google Cloud project');
}
