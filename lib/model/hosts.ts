import { isLoadBalanced, type AppPlan, type LoadBalancedAppPlan } from './plan';

/** A public host and the apps it routes to, by path. */
export interface HostPlan {
  readonly host: string;
  /**
   * The app that owns the host's DNS records and certificate: the app at `/`, or the host's only app. Apps that
   * share a host must have one at `/` (checked with the traffic rules), so adding an app on another path of the
   * host never moves the records or the certificate to another stack or resource.
   */
  readonly owner: LoadBalancedAppPlan;
  /** Every app of the host, sorted by name. */
  readonly apps: readonly LoadBalancedAppPlan[];
}

/** The hosts of `apps`, sorted by host: one entry per host, however many apps share it. */
export function hostsOf(apps: readonly AppPlan[]): HostPlan[] {
  const byHost = new Map<string, LoadBalancedAppPlan[]>();
  for (const app of apps.filter(isLoadBalanced)) {
    const { host } = app.service.exposure.ingress;
    byHost.set(host, [...(byHost.get(host) ?? []), app]);
  }
  return [...byHost]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([host, list]) => {
      const sorted = [...list].sort((a, b) => (a.name < b.name ? -1 : 1));
      return { host, owner: sorted.find((a) => a.service.exposure.ingress.path === '/') ?? sorted[0], apps: sorted };
    });
}
