import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import type { Construct } from 'constructs';
import { isTerraformBalanced, type DnsPlan, type EksClusterPlan, type FleetPlan, type TerraformBalancedAppPlan } from '../../model';
import { cloudDnsManagedZone, ROUTE53_REGION, route53ZoneId } from '../dns/dns-zone-stack';
import { FleetStack } from '../fleet-stack';
import { addGoogleProvider } from '../gcp/google-provider';
import type { StackContext } from '../stack-definition';
import { StackOutput } from '../stack-output';
import { addAwsProvider } from './aws-provider';

/**
 * The apps that `cluster` serves through load balancers Terraform owns (its shared ALBs, or NLBs of their own):
 * placed there, with a host, in `alb` or `nlb` style. A draining or retiring cluster keeps the load balancers of
 * the apps it ran until its stack is destroyed.
 */
export function terraformBalancedApps(plan: FleetPlan, cluster: EksClusterPlan): TerraformBalancedAppPlan[] {
  return plan.workloadsHostedBy(cluster.name).map((w) => w.app).filter(isTerraformBalanced);
}

/**
 * The ACM certificates of the hosts served by Terraform's load balancers on EKS (shared ALBs and NLBs): one per host in each region with such a cluster
 * (certificates are regional), validated by DNS, plus one in us-east-1 that every host has (the anchor, below).
 * ACM asks for the same validation record for a host in every region of an account, so there is one record per
 * host.
 *
 * In a stack of its own, between the DNS zone and the clusters: the clusters' TLS listeners need issued
 * certificates, and a record per cluster stack would be deleted with the first cluster removed while the other
 * regions' certificates still renew against it.
 *
 * Outputs: `certificate_arn_<region>_<app>`, available once the certificate is issued.
 */
export class AwsCertificatesStack extends FleetStack {
  public static readonly NAME = 'aws-certificates';

  /** The ARN of the issued certificate of `app`'s host in `region`. */
  public static certificateArn(region: string, app: string): StackOutput<string> {
    return StackOutput.string(AwsCertificatesStack.NAME, `certificate_arn_${region}_${app}`);
  }

  /** The regions with hosts served by Terraform's load balancers, each with its apps; empty when none needs a certificate. */
  public static certificatesByRegion(plan: FleetPlan): Map<string, TerraformBalancedAppPlan[]> {
    const byRegion = new Map<string, TerraformBalancedAppPlan[]>();
    // A retiring cluster's certificates go with this change: its stack is destroyed first (the apply order's "to
    // destroy" step), and its listeners read their ARNs from this stack's state, which keeps them until then.
    for (const cluster of plan.clustersOn('aws').filter((c) => c.lifecycle !== 'retiring')) {
      for (const app of terraformBalancedApps(plan, cluster)) {
        const apps = byRegion.get(cluster.region) ?? [];
        if (!apps.includes(app)) apps.push(app);
        byRegion.set(cluster.region, apps);
      }
    }
    return new Map([...byRegion].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /**
   * Regions whose provider stays for a retiring cluster while it is declared: the certificates removed with the
   * retirement are still in the state, and Terraform destroys them with the provider that made them ("Provider
   * configuration not present" otherwise). The provider goes when the cluster leaves the declaration.
   */
  public static retiringRegions(plan: FleetPlan): string[] {
    const regions = plan.clustersOn('aws').filter((c) => c.lifecycle === 'retiring' && terraformBalancedApps(plan, c).length > 0).map((c) => c.region);
    return [...new Set(regions)].sort();
  }

  /** Whether the fleet needs the stack: certificates to hold, or a retiring cluster's to destroy. */
  public static isNeeded(plan: FleetPlan): boolean {
    return AwsCertificatesStack.certificatesByRegion(plan).size > 0 || AwsCertificatesStack.retiringRegions(plan).length > 0;
  }

  constructor(scope: Construct, context: StackContext, dns: DnsPlan) {
    super(scope, AwsCertificatesStack.NAME, { ...context, description: 'The ACM certificates of the hosts served by the load balancers on EKS, validated by DNS.' });
    const plan = context.plan;
    const anchorProvider = addAwsProvider(this, ANCHOR_REGION);
    if (dns.kind === 'cloudDns') addGoogleProvider(this, dns.project);
    const regional = AwsCertificatesStack.certificatesByRegion(plan);
    const hosts = [...new Set([...regional.values()].flat())].sort((a, b) => (a.name < b.name ? -1 : 1));
    const providers = new Map([[ANCHOR_REGION, anchorProvider]]);
    const providerFor = (region: string) => {
      let provider = providers.get(region);
      if (!provider) {
        provider = addAwsProvider(this, region, region);
        providers.set(region, provider);
      }
      return provider;
    };

    for (const app of hosts) {
      // The validation record always reads from the anchor region's certificate: ACM gives a domain the same
      // record in every region of an account (hashicorp/terraform-provider-aws#13653), and a record read from
      // whichever region comes first would be replaced when regions are added or removed.
      const anchor = this.certificate(ANCHOR_REGION, app, anchorProvider);
      const option = anchor.domainValidationOptions.get(0);
      const fqdns: string[] = [];
      if (dns.kind === 'route53') {
        fqdns.push(new Route53Record(this, `validation-${app.name}`, {
          zoneId: route53ZoneId(this, dns.route53),
          name: option.resourceRecordName,
          type: option.resourceRecordType,
          records: [option.resourceRecordValue],
          ttl: 300,
          // The record may exist from an earlier setup of the host; it is the same record.
          allowOverwrite: true,
        }).fqdn);
      } else {
        new DnsRecordSet(this, `validation-${app.name}`, {
          managedZone: cloudDnsManagedZone(this, dns.cloudDns),
          name: option.resourceRecordName,
          type: option.resourceRecordType,
          rrdatas: [option.resourceRecordValue],
          ttl: 300,
        });
      }
      for (const [region, apps] of regional) {
        if (!apps.includes(app)) continue;
        const provider = providerFor(region);
        const certificate = region === ANCHOR_REGION ? anchor : this.certificate(region, app, provider);
        const validation = new AcmCertificateValidation(this, `validated-${region}-${app.name}`, {
          provider,
          certificateArn: certificate.arn,
          ...(fqdns.length > 0 ? { validationRecordFqdns: fqdns } : {}),
        });
        this.publish(AwsCertificatesStack.certificateArn(region, app.name), validation.certificateArn, `Issued certificate of ${app.service.exposure.ingress.host} in ${region}.`);
      }
    }
    for (const region of AwsCertificatesStack.retiringRegions(plan)) providerFor(region);
  }

  private certificate(region: string, app: TerraformBalancedAppPlan, provider: AwsProvider): AcmCertificate {
    return new AcmCertificate(this, `certificate-${region}-${app.name}`, {
      provider,
      domainName: app.service.exposure.ingress.host,
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      lifecycle: { createBeforeDestroy: true },
    });
  }
}

/** The region of the certificate every validation record reads from (also Route53's own). */
const ANCHOR_REGION = ROUTE53_REGION;
