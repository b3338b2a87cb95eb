import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterLifecycle, ControlPlaneAccess, Fleet, type ClusterProps } from '../lib';
import { problemsOf, seedFleet } from './support/fleets';
import { synthToTemp } from './support/synth';
import { exceededQuotas, quotaUses } from '../lib/terraform/quotas';
import { danglingReferences, identities, readStacks, renamed, resource, unknownToProvider, type TerraformJson } from './support/terraform-graph';

/*
 * The Google global load balancer's fixed limits (Cloud Load Balancing, "Quotas and limits",
 * https://cloud.google.com/load-balancing/docs/quotas): at most 50 instance-group or zonal-NEG backends per backend
 * service ("This limit is not configurable"), and the URL map's host rules, paths per path matcher and backend
 * services. A fleet past 50 backends per app gives its GKE clusters load balancer groups: one backend service per
 * app and group, and the URL map splits the app's traffic over its groups by the clusters' weights.
 */

const REGIONS = ['us-central1', 'us-east1', 'us-west1', 'europe-west1', 'europe-west4', 'asia-east1', 'asia-northeast1', 'australia-southeast1', 'southamerica-east1', 'northamerica-northeast1'];

/** 20 GKE clusters (two per region, 3 zones each, weights 1 to 3), `group(i)` their load balancer group. */
function bigFleet(group: (i: number) => string | undefined = () => undefined, extra: readonly ClusterProps[] = []): Fleet {
  const fleet = new Fleet({ name: 'big', gcp: { project: 'big-project' }, controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  for (let i = 0; i < 20; i++) {
    const region = REGIONS[i % REGIONS.length];
    const loadBalancerGroup = group(i);
    fleet.addCluster({ name: `gke-${String(i).padStart(2, '0')}-${region}`, cloud: 'gcp', region, weight: 1 + (i % 3), ...(loadBalancerGroup ? { gke: { loadBalancerGroup } } : {}) });
  }
  for (const cluster of extra) fleet.addCluster(cluster);
  // Every app on every cluster (the default placement); `api` shares the host of `web` on a path.
  fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } });
  fleet.addApp({ name: 'api', image: 'example/api:1.0.0', containerPort: 8080, nodePort: 30081, ingress: { host: 'web.example.com', path: '/api' } });
  return fleet;
}

const clusterNames = Array.from({ length: 20 }, (_, i) => `gke-${String(i).padStart(2, '0')}-${REGIONS[i % REGIONS.length]}`);
/** Half the clusters, alternately, in group `g2`: both groups have a cluster in every region. */
const split = (i: number) => (i % 2 === 1 ? 'g2' : undefined);
const weightOf = (i: number) => 1 + (i % 3);

const lbOf = (fleet: Fleet) => readStacks(synthToTemp(fleet).files).get('gcp-global-lb')!;
const ref = (id: string) => `\${google_compute_backend_service.${id}.id}`;

describe('the 50-backend limit of a Google backend service', () => {
  it('refuses 20 GKE clusters of 3 zones in one group, naming each app, the group, its clusters and the count', () => {
    const problems = problemsOf(bigFleet());
    assert.deepEqual(problems.map((p) => p.path), ['apps.api.placement', 'apps.web.placement'], 'every app at once');
    for (const { message } of problems) {
      assert.match(message, /runs on 20 GKE clusters of load balancer group "default" \(the default\)/);
      for (const name of clusterNames) assert.ok(message.includes(`${name} (3 zones)`), name);
      assert.match(message, /would hold 60 backends \(one per zone of each cluster\), and Google allows at most 50 per backend service \(a fixed limit\)/);
      assert.match(message, /another gke\.loadBalancerGroup, e\.g\. gke: \{ loadBalancerGroup: "default-2" \}, for 2 groups of at most 50 backends/);
      assert.match(message, /or give the clusters fewer zones$/);
    }
  });

  it('counts no backend of a draining or retiring cluster: they run no app', () => {
    const fleet = bigFleet(() => undefined, [
      { name: 'gke-draining', cloud: 'gcp', region: 'us-central1', lifecycle: ClusterLifecycle.drain() },
    ]);
    const problems = problemsOf(fleet);
    assert.equal(problems.length, 2, 'the 20 active clusters alone pass the limit');
    assert.ok(problems.every((p) => p.message.includes('would hold 60 backends') && !p.message.includes('gke-draining')));
    const small = new Fleet({ name: 'small', gcp: { project: 'limits-project' }, controlPlaneAccess: ControlPlaneAccess.privateOnly() });
    for (let i = 0; i < 16; i++) small.addCluster({ name: `gke-${i}`, cloud: 'gcp', region: REGIONS[i % REGIONS.length] });
    for (let i = 16; i < 20; i++) small.addCluster({ name: `gke-${i}`, cloud: 'gcp', region: REGIONS[i % REGIONS.length], lifecycle: i % 2 ? ClusterLifecycle.drain() : ClusterLifecycle.retire() });
    small.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } });
    assert.deepEqual(problemsOf(small), [], '16 active clusters: 48 backends');
  });

  it('refuses a load balancer group that is not a short DNS label', () => {
    const fleet = new Fleet({ gcp: { project: 'limits-project' }, controlPlaneAccess: ControlPlaneAccess.privateOnly() });
    fleet.addCluster({ name: 'a', cloud: 'gcp', region: 'us-east1', gke: { loadBalancerGroup: 'EU_2' } });
    fleet.addCluster({ name: 'b', cloud: 'gcp', region: 'us-east1', gke: { loadBalancerGroup: 'a-group-name-of-21-ch' } });
    assert.deepEqual(problemsOf(fleet).map((p) => [p.path, p.message]), ['"EU_2"', '"a-group-name-of-21-ch"'].map((v, i) => [
      `clusters[${i}].gke.loadBalancerGroup`,
      `${v} is not a load balancer group; use a DNS-1123 label of at most 20 characters (lowercase letters, digits and '-', starting and ending with a letter or digit), e.g. "eu-2"`,
    ]));
  });
});

describe('load balancer groups', () => {
  it('splits each app into a backend service per group, each within 50 backends, and the URL map routes to all by weight', () => {
    const stacks = readStacks(synthToTemp(bigFleet(split)).files);
    const lb = stacks.get('gcp-global-lb')!;
    const services: Record<string, TerraformJson> = lb.resource.google_compute_backend_service;
    assert.deepEqual(Object.keys(services).sort(), ['backend-api', 'backend-api_g2', 'backend-web', 'backend-web_g2']);
    for (const [id, service] of Object.entries(services)) assert.ok(service.backend.length <= 50, `${id}: ${service.backend.length}`);
    // Each cluster's three instance groups are in exactly one backend service of each app.
    for (const app of ['web', 'api']) {
      clusterNames.forEach((name, i) => {
        const holders = [`backend-${app}`, `backend-${app}_g2`].filter((id) => services[id].backend.some((b: TerraformJson) => b.group.includes(`stack-cluster-${name}.outputs`)));
        assert.deepEqual(holders, [split(i) ? `backend-${app}_g2` : `backend-${app}`], name);
        assert.equal(services[holders[0]].backend.filter((b: TerraformJson) => b.group.includes(`stack-cluster-${name}.outputs`)).length, 3, name);
      });
    }
    assert.equal(services['backend-web'].name, 'big-web', 'the default group keeps the app\'s name');
    assert.match(services['backend-web_g2'].name, /^big-web-g2-[0-9a-f]{8}$/);

    const sumOf = (inGroup: (i: number) => boolean) => clusterNames.reduce((n, _, i) => n + (inGroup(i) ? weightOf(i) : 0), 0);
    const weighted = (app: string) => [
      { backend_service: ref(`backend-${app}`), weight: sumOf((i) => !split(i)) },
      { backend_service: ref(`backend-${app}_g2`), weight: sumOf((i) => split(i) !== undefined) },
    ];
    const urlMap = resource(lb, 'google_compute_url_map', 'url-map');
    assert.equal(urlMap.default_service, undefined);
    assert.deepEqual(urlMap.default_route_action.weighted_backend_services, weighted('api'), 'unknown hosts: the first app, split too');
    const [matcher] = urlMap.path_matcher;
    assert.equal(matcher.default_service, undefined);
    assert.deepEqual(matcher.default_route_action.weighted_backend_services, weighted('web'));
    assert.deepEqual(matcher.path_rule, [{ paths: ['/api', '/api/*'], route_action: { weighted_backend_services: weighted('api') } }]);

    assert.deepEqual(danglingReferences(stacks), []);
    assert.deepEqual(unknownToProvider(stacks, '@cdktf/provider-google', 'google_'), []);
  });

  it('scales the groups\' weights into Google\'s 0 to 1000, keeping their ratio', () => {
    const fleet = new Fleet({ name: 'heavy', gcp: { project: 'limits-project' }, controlPlaneAccess: ControlPlaneAccess.privateOnly() });
    fleet.addCluster({ name: 'gke-a', cloud: 'gcp', region: 'us-east1', weight: 1200 });
    fleet.addCluster({ name: 'gke-b', cloud: 'gcp', region: 'europe-west1', weight: 300, gke: { loadBalancerGroup: 'b' } });
    fleet.addCluster({ name: 'gke-c', cloud: 'gcp', region: 'asia-east1', weight: 1, gke: { loadBalancerGroup: 'c' } });
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } });
    const split = resource(lbOf(fleet), 'google_compute_url_map', 'url-map').path_matcher[0].default_route_action.weighted_backend_services;
    // Groups in name order: b (300), c (1), default (1200).
    assert.deepEqual(split, [
      { backend_service: ref('backend-web_b'), weight: 250 },
      { backend_service: ref('backend-web_c'), weight: 1 },
      { backend_service: ref('backend-web'), weight: 1000 },
    ]);
  });

  it('keeps every resource address and name when clusters join an existing group or a new one', () => {
    const before = readStacks(synthToTemp(bigFleet(split)).files);
    const after = readStacks(synthToTemp(bigFleet(split, [
      { name: 'gke-joins-g2', cloud: 'gcp', region: 'us-central1', gke: { loadBalancerGroup: 'g2' } },
      { name: 'gke-new-group', cloud: 'gcp', region: 'europe-west1', gke: { loadBalancerGroup: 'g3' } },
    ])).files);
    assert.deepEqual(renamed(identities(before), identities(after)), []);
    const services = after.get('gcp-global-lb')!.resource.google_compute_backend_service;
    assert.equal(services['backend-web_g2'].backend.length, 33);
    assert.equal(services['backend-web_g3'].backend.length, 3);
  });

  it('leaves the Terraform of a fleet that declares no group as it was: the default group is today\'s names', () => {
    const seed = seedFleet();
    const explicit = new Fleet(seed.props);
    for (const c of seed.clusters) explicit.addCluster(c.props.cloud === 'gcp' ? { ...c.props, gke: { ...c.props.gke, loadBalancerGroup: 'default' } } : c.props);
    for (const a of seed.apps) explicit.addApp(a.props);
    const terraform = (fleet: Fleet) => new Map([...synthToTemp(fleet).files].filter(([f]) => f.startsWith('terraform/')));
    const [implicitFiles, explicitFiles] = [terraform(seed), terraform(explicit)];
    assert.deepEqual(explicitFiles, implicitFiles);
    const lb = readStacks(implicitFiles).get('gcp-global-lb')!;
    assert.deepEqual(Object.keys(lb.resource.google_compute_backend_service), ['backend-get-region']);
    assert.equal(lb.resource.google_compute_backend_service['backend-get-region'].name, 'fleet-get-region');
    assert.equal(resource(lb, 'google_compute_url_map', 'url-map').default_service, ref('backend-get-region'));
  });
});

describe('the URL map\'s fixed limits', () => {
  const oneCluster = () => {
    const fleet = new Fleet({ name: 'many', gcp: { project: 'limits-project' }, controlPlaneAccess: ControlPlaneAccess.privateOnly() });
    fleet.addCluster({ name: 'gke', cloud: 'gcp', region: 'us-east1', zones: ['us-east1-b'] });
    return fleet;
  };

  it('refuses more hosts than a URL map takes host rules', () => {
    const fleet = oneCluster();
    for (let i = 0; i < 1001; i++) fleet.addApp({ name: `app-${i}`, image: 'example/app:1.0.0', containerPort: 8080, nodePort: 30000 + i, ingress: { host: `app-${i}.example.com` } });
    assert.deepEqual(problemsOf(fleet), [{ path: 'apps', message: '1001 hosts behind the Google global load balancer, and its URL map takes at most 1000 host rules (a fixed limit); let apps share hosts on paths, or serve some of them from another fleet' }]);
  });

  it('refuses more backend services than a URL map references', () => {
    const fleet = oneCluster();
    fleet.addCluster({ name: 'gke-2', cloud: 'gcp', region: 'europe-west1', zones: ['europe-west1-b'], gke: { loadBalancerGroup: 'eu' } });
    // 1251 apps in two groups, on three hosts (one app at "/" of each): 2502 backend services.
    for (let i = 0; i < 1251; i++) fleet.addApp({ name: `app-${i}`, image: 'example/app:1.0.0', containerPort: 8080, nodePort: 30000 + i, ingress: { host: `h${i % 3}.example.com`, ...(i < 3 ? {} : { path: `/p${i}` }) } });
    assert.deepEqual(problemsOf(fleet), [{ path: 'apps', message: '2502 backend services (one per app and load balancer group) behind the Google global load balancer, and its URL map references at most 2500 (a fixed limit); use fewer, larger load balancer groups (each up to 50 backends), or fewer apps per fleet' }]);
  });

  it('refuses more paths on one host than a path matcher takes', () => {
    const fleet = oneCluster();
    fleet.addApp({ name: 'root', image: 'example/app:1.0.0', containerPort: 8080, nodePort: 30000, ingress: { host: 'shared.example.com' } });
    for (let i = 1; i <= 501; i++) fleet.addApp({ name: `app-${i}`, image: 'example/app:1.0.0', containerPort: 8080, nodePort: 30000 + i, ingress: { host: 'shared.example.com', path: `/p${i}` } });
    assert.deepEqual(problemsOf(fleet), [{ path: 'apps.app-1.ingress.host', message: '"shared.example.com" is shared by 502 apps, whose 1002 paths pass the 1000 paths a URL map\'s path matcher takes (a fixed limit); give some of the apps a host of their own' }]);
  });
});

describe('the global load balancer\'s default quotas', () => {
  it('counts the backend services, health checks and firewall rules of the project, and lists those a big fleet passes', () => {
    const fleet = bigFleet(split);
    for (let i = 0; i < 30; i++) fleet.addApp({ name: `extra-${i}`, image: 'example/app:1.0.0', containerPort: 8080, nodePort: 31000 + i, ingress: { host: `extra-${i}.example.com` } });
    const plan = fleet.plan();
    const lb = (quota: string) => quotaUses(plan).find((q) => q.cloud === 'gcp' && q.scope === 'big-project' && q.quota.startsWith(quota))!;
    // 32 apps, each in both groups of the split fleet: 64 backend services; one health check and firewall rule each.
    assert.deepEqual([lb('GLOBAL_EXTERNAL_MANAGED_BACKEND_SERVICES').needed, lb('GLOBAL_EXTERNAL_MANAGED_BACKEND_SERVICES').defaultLimit], [64, 50]);
    assert.deepEqual([lb('HEALTH_CHECKS').needed, lb('HEALTH_CHECKS').defaultLimit], [32, 75]);
    assert.deepEqual([lb('FIREWALLS').needed, lb('FIREWALLS').defaultLimit], [32, 100]);
    assert.deepEqual(exceededQuotas(plan).filter((q) => q.scope === 'big-project').map((q) => q.quota), ['GLOBAL_EXTERNAL_MANAGED_BACKEND_SERVICES (backend services)']);
    const readme = synthToTemp(fleet).files.get('terraform/README.md')!;
    assert.match(readme, /\| gcp \| big-project \| GLOBAL_EXTERNAL_MANAGED_BACKEND_SERVICES \(backend services\) \| 50 \| 64 \|/);
  });
});
