import type { ResolvedDnsSettings } from './dns-settings';
import { isHostname } from './names';
import type { ResolvedGcpSettings } from './gcp-settings';
import { isAwsBalanced, isLoadBalanced, type AppPlan, type ClusterPlan, type WorkloadPlan } from './plan';
import type { Problems } from './problems';

/**
 * Rules across clusters, apps and the fleet's DNS: what global traffic needs to reach each app.
 * - Every EKS cluster serves at least one app with a host: its load balancer and DNS records exist for those.
 * - Hosts lie in the DNS zone, when the fleet publishes them.
 * - Apps behind a Terraform-owned NLB need the fleet's DNS: ACM validates their certificates there.
 * - Cloud DNS lives in the fleet's GCP project.
 */
export function checkTraffic(
  clusters: readonly ClusterPlan[],
  apps: readonly AppPlan[],
  workloads: readonly WorkloadPlan[],
  settings: { readonly dns?: ResolvedDnsSettings; readonly gcp?: ResolvedGcpSettings },
  declaredIndex: ReadonlyMap<string, number>,
  problems: Problems,
): void {
  // Draining and retiring clusters run no app, by design.
  for (const cluster of clusters.filter((c) => c.cloud === 'aws' && c.lifecycle === 'active')) {
    const exposed = workloads.some((w) => w.cluster === cluster && isLoadBalanced(w.app));
    problems.check(exposed, `clusters[${declaredIndex.get(cluster.name)}]`, `EKS cluster "${cluster.name}" runs no app with an ingress host, so it would get no load balancer and no DNS record; place an app with a host on it, or remove the cluster`);
  }
  const zone = settings.dns?.zoneName;
  for (const app of apps.filter(isLoadBalanced)) {
    const { host } = app.service.exposure.ingress;
    if (!zone || !isHostname(host)) continue;
    const inZone = host === zone || host.endsWith(`.${zone}`);
    problems.check(inZone, `apps.${app.name}.ingress.host`, `"${host}" is not in the DNS zone "${zone}"; use a host under ${zone}, or publish another zone`);
  }
  const behindNlb = apps.filter((app) => isLoadBalanced(app) && workloads.some((w) => w.app === app && w.serviceType === 'NodePort' && w.cluster.cloud === 'aws'));
  if (behindNlb.length > 0 && !settings.dns) {
    const names = behindNlb.map((a) => `"${a.name}"`);
    problems.add('dns', `is required: ${names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more apps are` : `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'}`} served over HTTPS by NLBs on EKS, and ACM validates their certificates in the fleet's DNS zone; set dns.route53 or dns.cloudDns`);
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
  problems.check(settings.dns?.kind !== 'cloudDns' || settings.gcp !== undefined, 'dns.cloudDns', 'needs gcp.project: the managed zone lives in the fleet\'s Google Cloud project');
}
