import type { AppPlan } from './plan';

/** A public host and the apps it routes to, by path. */
export interface HostPlan {
  readonly host: string;
  /**
   * The app that owns the host's DNS records and certificate: the app at `/`, or the host's only app. Apps that
   * share a host must have one at `/` (checked with the traffic rules), so adding an app on another path of the
   * host never moves the records or the certificate to another stack or resource.
   */
  readonly owner: AppPlan;
  /** Every app of the host, sorted by name. */
  readonly apps: readonly AppPlan[];
}

/** The hosts of `apps`, sorted by host: one entry per host, however many apps share it. */
export function hostsOf(apps: readonly AppPlan[]): HostPlan[] {
  const byHost = new Map<string, AppPlan[]>();
  for (const app of apps) {
    if (!app.ingress) continue;
    byHost.set(app.ingress.host, [...(byHost.get(app.ingress.host) ?? []), app]);
  }
  return [...byHost]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([host, list]) => {
      const sorted = [...list].sort((a, b) => (a.name < b.name ? -1 : 1));
      return { host, owner: sorted.find((a) => a.ingress!.path === '/') ?? sorted[0], apps: sorted };
    });
}
