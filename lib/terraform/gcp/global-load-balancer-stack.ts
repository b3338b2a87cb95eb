import { CertificateManagerCertificateMap } from '@cdktf/provider-google/lib/certificate-manager-certificate-map';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ComputeGlobalForwardingRule } from '@cdktf/provider-google/lib/compute-global-forwarding-rule';
import { ComputeSecurityPolicy, type ComputeSecurityPolicyRule } from '@cdktf/provider-google/lib/compute-security-policy';
import { ComputeSslPolicy } from '@cdktf/provider-google/lib/compute-ssl-policy';
import { ComputeTargetHttpProxy } from '@cdktf/provider-google/lib/compute-target-http-proxy';
import { ComputeTargetHttpsProxy } from '@cdktf/provider-google/lib/compute-target-https-proxy';
import { ComputeUrlMap, type ComputeUrlMapHostRule, type ComputeUrlMapPathMatcher } from '@cdktf/provider-google/lib/compute-url-map';
import type { Construct } from 'constructs';
import { boundedName, hostsOf, isGcpBalanced, type FleetPlan, type GcpBalancedAppPlan, type ResolvedGcpSettings } from '../../model';
import { FleetStack } from '../fleet-stack';
import type { StackContext } from '../stack-definition';
import { StackOutput } from '../stack-output';
import { GcpAppBackend } from './gcp-app-backend';
import { GcpNetworkStack } from './gcp-network-stack';
import { edgeName, GCP_NAME_LIMIT } from './gcp-names';
import { addGoogleProvider } from './google-provider';
import { HostCertificate } from './host-certificate';

/** The apps behind the Google global load balancer: those with a host, placed on at least one GKE cluster. */
export function globallyBalancedApps(plan: FleetPlan): GcpBalancedAppPlan[] {
  return plan.apps.filter(isGcpBalanced);
}

/**
 * ONE Google global external Application Load Balancer in front of every GKE cluster: a global anycast IP, HTTPS
 * on 443 with a Google-managed certificate per host (Certificate Manager, so the number of hosts is not capped at
 * a target proxy's 15 certificates; DNS-authorized, see `HostCertificate`), TLS 1.2 or later (SSL policy MODERN),
 * HTTP on 80 redirected to HTTPS, a URL map that sends each host and path to its app's backend service (split by weight
 * over the app's load balancer groups, when it has several: see `GcpAppBackend`), and a Cloud Armor policy. Visitors reach
 * the nearest healthy cluster: Google's edge routes to the closest backend with capacity.
 *
 * Outputs: `ip_address`, the global IPv4 address, for the DNS records of every host; per host, the CNAME that
 * authorizes its certificate (`dns_authorization_name_<app>`, `dns_authorization_data_<app>`).
 */
export class GlobalLoadBalancerStack extends FleetStack {
  public static readonly NAME = 'gcp-global-lb';
  /** The global IPv4 address, for the DNS records of every host. */
  public static readonly IP_ADDRESS = StackOutput.string(GlobalLoadBalancerStack.NAME, 'ip_address');

  public readonly address: ComputeGlobalAddress;
  /** The backends of each app, by app name. */
  public readonly backends = new Map<string, GcpAppBackend>();

  constructor(scope: Construct, context: StackContext, gcp: ResolvedGcpSettings) {
    super(scope, GlobalLoadBalancerStack.NAME, { ...context, description: 'The Google global HTTPS load balancer in front of every GKE cluster.' });
    const plan = context.plan;
    const armor = gcp.cloudArmor;
    addGoogleProvider(this, gcp.project);

    this.address = new ComputeGlobalAddress(this, 'address', { name: edgeName(plan, 'lb'), ipVersion: 'IPV4', addressType: 'EXTERNAL' });
    const certificateMap = new CertificateManagerCertificateMap(this, 'certificate-map', {
      name: edgeName(plan, 'lb'),
      description: `Certificates of the hosts of the fleet "${plan.name}".`,
    });
    const securityPolicy = armor ? this.securityPolicy(plan, armor) : undefined;
    const network = this.consume(GcpNetworkStack.NETWORK_SELF_LINK);

    const [first, ...others] = globallyBalancedApps(plan);
    if (!first) throw new Error('The global load balancer stack needs an app behind it (see `gcpStacks`)');
    const apps = [first, ...others];
    const backendServices = new Map<string, Routes>();
    for (const app of apps) {
      const backend = new GcpAppBackend(this, `app-${app.name}`, {
        app,
        workloads: plan.workloadsOf(app.name).filter((w) => w.cluster.cloud === 'gcp'),
        network,
        ...(securityPolicy ? { securityPolicy: securityPolicy.id } : {}),
      });
      this.backends.set(app.name, backend);
      backendServices.set(app.name, backend.routes);
    }

    for (const host of hostsOf(apps)) {
      new HostCertificate(this, `host-${host.owner.name}`, { host, certificateMapName: certificateMap.name });
    }

    const urlMap = new ComputeUrlMap(this, 'url-map', {
      name: edgeName(plan, 'https'),
      description: 'Hosts and paths of the fleet\'s apps.',
      // Unknown hosts go to the alphabetically first app: a URL map needs a default, and one that never changes
      // when apps are added would need a backend of its own.
      ...defaultTo(routesOf(backendServices, first)),
      ...this.routes(apps, backendServices),
    });
    const sslPolicy = new ComputeSslPolicy(this, 'ssl-policy', { name: edgeName(plan, 'tls'), profile: 'MODERN', minTlsVersion: 'TLS_1_2' });
    const httpsProxy = new ComputeTargetHttpsProxy(this, 'https-proxy', {
      name: edgeName(plan, 'https'),
      urlMap: urlMap.id,
      certificateMap: `//certificatemanager.googleapis.com/${certificateMap.id}`,
      sslPolicy: sslPolicy.id,
    });
    new ComputeGlobalForwardingRule(this, 'https-rule', {
      name: edgeName(plan, 'https'),
      target: httpsProxy.id,
      ipAddress: this.address.id,
      portRange: '443',
      ipProtocol: 'TCP',
      loadBalancingScheme: 'EXTERNAL_MANAGED',
    });

    const redirect = new ComputeUrlMap(this, 'http-redirect-map', {
      name: edgeName(plan, 'http-redirect'),
      description: 'Redirects HTTP to HTTPS.',
      defaultUrlRedirect: { httpsRedirect: true, stripQuery: false, redirectResponseCode: 'MOVED_PERMANENTLY_DEFAULT' },
    });
    const httpProxy = new ComputeTargetHttpProxy(this, 'http-proxy', { name: edgeName(plan, 'http'), urlMap: redirect.id });
    new ComputeGlobalForwardingRule(this, 'http-rule', {
      name: edgeName(plan, 'http'),
      target: httpProxy.id,
      ipAddress: this.address.id,
      portRange: '80',
      ipProtocol: 'TCP',
      loadBalancingScheme: 'EXTERNAL_MANAGED',
    });

    this.publish(GlobalLoadBalancerStack.IP_ADDRESS, this.address.address, 'The global IPv4 address of the load balancer, for the DNS records of every host.');
  }

  /** A host rule per host; its path matcher sends each app's path prefix to the app, the rest to the host's app at `/`. */
  private routes(apps: readonly GcpBalancedAppPlan[], backendServices: ReadonlyMap<string, Routes>): { hostRule: ComputeUrlMapHostRule[]; pathMatcher: ComputeUrlMapPathMatcher[] } {
    const byHost = new Map<string, GcpBalancedAppPlan[]>();
    for (const app of apps) {
      const { host } = app.service.exposure.ingress;
      byHost.set(host, [...(byHost.get(host) ?? []), app]);
    }
    const hostRule: ComputeUrlMapHostRule[] = [];
    const pathMatcher: ComputeUrlMapPathMatcher[] = [];
    for (const [host, hostApps] of [...byHost].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const matcher = boundedName([host.replace(/\./g, '-')], GCP_NAME_LIMIT);
      const routes = (app: GcpBalancedAppPlan) => routesOf(backendServices, app);
      const pathOf = (app: GcpBalancedAppPlan) => app.service.exposure.ingress.path;
      const root = hostApps.find((a) => pathOf(a) === '/') ?? hostApps[0];
      hostRule.push({ hosts: [host], pathMatcher: matcher });
      pathMatcher.push({
        name: matcher,
        ...defaultTo(routes(root)),
        pathRule: hostApps.filter((a) => pathOf(a) !== '/').map((a) => ({
          paths: [pathOf(a), `${pathOf(a).replace(/\/$/, '')}/*`],
          ...ruleTo(routes(a)),
        })),
      });
    }
    return { hostRule, pathMatcher };
  }

  /**
   * The Cloud Armor policy of every backend: Adaptive Protection against layer-7 DDoS, the preconfigured WAF rules
   * the fleet names (403 on a match), and a default rule that allows the rest.
   */
  private securityPolicy(plan: FleetPlan, armor: NonNullable<ResolvedGcpSettings['cloudArmor']>): ComputeSecurityPolicy {
    const rules: ComputeSecurityPolicyRule[] = armor.wafRules.map((rule, i) => ({
      priority: 1000 + i,
      action: 'deny(403)',
      description: `WAF: ${rule}`,
      match: { expr: { expression: `evaluatePreconfiguredExpr('${rule}')` } },
    }));
    rules.push({
      priority: 2147483647,
      action: 'allow',
      description: 'Default: allow.',
      match: { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ['*'] } },
    });
    return new ComputeSecurityPolicy(this, 'security-policy', {
      name: edgeName(plan, 'armor'),
      description: `Cloud Armor policy of the fleet "${plan.name}".`,
      type: 'CLOUD_ARMOR',
      adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: armor.adaptiveProtection } },
      rule: rules,
    });
  }
}

/** An app's backend services, one per load balancer group, each with its weight (see `GcpAppBackend.routes`). */
type Routes = GcpAppBackend['routes'];

/** The backend services of `app`, which the stack made for every app behind it. */
function routesOf(services: ReadonlyMap<string, Routes>, app: GcpBalancedAppPlan): Routes {
  const routes = services.get(app.name);
  if (routes === undefined) throw new Error(`No backend service for app "${app.name}" in the global load balancer`);
  return routes;
}

/**
 * A URL map's or path matcher's default: the app's backend service, or, for an app in several load balancer
 * groups, a split over its groups' backend services by weight (`defaultRouteAction.weightedBackendServices`, which
 * excludes `defaultService`). An app in one group keeps the plain `defaultService` it had before groups existed.
 */
function defaultTo(routes: Routes): { defaultService: string } | { defaultRouteAction: { weightedBackendServices: { backendService: string; weight: number }[] } } {
  return routes.length === 1 ? { defaultService: routes[0].backendService } : { defaultRouteAction: { weightedBackendServices: routes.map((r) => ({ ...r })) } };
}

/** A path rule's target: as {@link defaultTo}, with `service` or `routeAction`. */
function ruleTo(routes: Routes): { service: string } | { routeAction: { weightedBackendServices: { backendService: string; weight: number }[] } } {
  return routes.length === 1 ? { service: routes[0].backendService } : { routeAction: { weightedBackendServices: routes.map((r) => ({ ...r })) } };
}
