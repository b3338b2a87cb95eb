import { gcpBackendGroups, isDefaultGroup } from './gcp-backend-groups';
import { hostsOf } from './hosts';
import { isGcpBalanced, type AppPlan, type WorkloadPlan } from './plan';
import type { Problems } from './problems';

/*
 * Fixed limits of the Google global external Application Load Balancer that the fleet's `gcp-global-lb` stack can
 * cross, checked before anything is written: `terraform apply` would stop half-way on them, and they cannot be
 * raised. Source: Cloud Load Balancing, "Quotas and limits" (https://cloud.google.com/load-balancing/docs/quotas),
 * sections "Backends" and "URL maps", external Application Load Balancer column.
 */

/**
 * Instance group or GCE_VM_IP_PORT (zonal) NEG backends per backend service: 50, "This limit is not configurable"
 * (Backends). Each app's backend service of a load balancer group has one per zone of each of its clusters.
 */
export const MAX_BACKENDS_PER_BACKEND_SERVICE = 50;
/** Host rules, and path matchers, per URL map: 1000 (URL maps). The stack writes one of each per host. */
export const MAX_HOST_RULES_PER_URL_MAP = 1000;
/**
 * Predicates per path matcher: 1000, "the total number of paths across all path rules" (URL maps). The stack gives
 * each app that shares a host on a path one path rule of two paths (`/p` and `/p/*`); path rules per path matcher
 * (also 1000) are half as many, so this limit is the one met first.
 */
export const MAX_PATHS_PER_PATH_MATCHER = 1000;
/** Distinct backend services a URL map references: 2500 (URL maps): one per app and load balancer group. */
export const MAX_BACKEND_SERVICES_PER_URL_MAP = 2500;

/**
 * Checks the fleet against the global load balancer's fixed limits, adding a problem for each crossed: every app
 * and group whose backend service would hold more than 50 backends, and the URL map's hosts, paths per host and
 * backend services.
 */
export function checkGcpLimits(apps: readonly AppPlan[], workloads: readonly WorkloadPlan[], problems: Problems): void {
  const balanced = apps.filter(isGcpBalanced);
  // Each app's own workloads, as the renderer passes them: not every workload of the fleet once per app.
  const byApp = new Map<string, WorkloadPlan[]>();
  for (const w of workloads) {
    const list = byApp.get(w.app.name);
    if (list) list.push(w);
    else byApp.set(w.app.name, [w]);
  }
  let backendServices = 0;
  for (const app of balanced) {
    const groups = gcpBackendGroups(app, byApp.get(app.name) ?? []);
    backendServices += groups.length;
    for (const { group, workloads: members, backends } of groups) {
      if (backends <= MAX_BACKENDS_PER_BACKEND_SERVICE) continue;
      const clusters = members.map((w) => `${w.cluster.name} (${w.cluster.zoneCount} zones)`).join(', ');
      const needed = Math.ceil(backends / MAX_BACKENDS_PER_BACKEND_SERVICE);
      const other = suggestGroup(group, new Set(groups.map((g) => g.group)));
      problems.add(`apps.${app.name}.placement`,
        `runs on ${members.length} GKE clusters of load balancer group "${group}"${isDefaultGroup(group) ? ' (the default)' : ''}: ${clusters}; `
        + `its backend service would hold ${backends} backends (one per zone of each cluster), and Google allows at most `
        + `${MAX_BACKENDS_PER_BACKEND_SERVICE} per backend service (a fixed limit). Put some of these clusters in another `
        + `gke.loadBalancerGroup, e.g. gke: { loadBalancerGroup: "${other}" }, for ${needed} groups of at most `
        + `${MAX_BACKENDS_PER_BACKEND_SERVICE} backends, each with a cluster in every region you serve (Google splits traffic `
        + 'between groups by weight before proximity; docs/gcp.md, "Fleets past 50 backends"); or give the clusters fewer zones');
    }
  }
  const hosts = hostsOf(balanced);
  problems.check(hosts.length <= MAX_HOST_RULES_PER_URL_MAP, 'apps',
    `${hosts.length} hosts behind the Google global load balancer, and its URL map takes at most ${MAX_HOST_RULES_PER_URL_MAP} host rules (a fixed limit); let apps share hosts on paths, or serve some of them from another fleet`);
  for (const { host, apps: sharing } of hosts) {
    // The app at `/` is the path matcher's default; each other app adds a path rule of two paths.
    const paths = 2 * sharing.filter((a) => a.service.exposure.ingress.path !== '/').length;
    problems.check(paths <= MAX_PATHS_PER_PATH_MATCHER, `apps.${sharing[0].name}.ingress.host`,
      `"${host}" is shared by ${sharing.length} apps, whose ${paths} paths pass the ${MAX_PATHS_PER_PATH_MATCHER} paths a URL map's path matcher takes (a fixed limit); give some of the apps a host of their own`);
  }
  problems.check(backendServices <= MAX_BACKEND_SERVICES_PER_URL_MAP, 'apps',
    `${backendServices} backend services (one per app and load balancer group) behind the Google global load balancer, and its URL map references at most ${MAX_BACKEND_SERVICES_PER_URL_MAP} (a fixed limit); use fewer, larger load balancer groups (each up to ${MAX_BACKENDS_PER_BACKEND_SERVICE} backends), or fewer apps per fleet`);
}

/** A group name for the clusters that leave `group`: `<group>-2` (or `-3`, …), within the 20 characters allowed. */
function suggestGroup(group: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const name = `${group.slice(0, 20 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(name)) return name;
  }
}
