import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, Fleet, FleetValidationError, negName, tupleName, type FleetProps, type Problem } from '../lib/internal';
import { seedFleet, seedOptions } from './support/fleets';
import { clusterManifests, find, parseManifests, synthToTemp } from './support/synth';
import { PRUNE_ALLOWLIST } from '../lib/kubernetes/prune';
import { exceededQuotas, quotaUses } from '../lib/terraform/quotas';
import { danglingReferences, readStacks, resource, unknownToProvider, type TerraformJson } from './support/terraform-graph';

/*
 * Issue 15: what `terraform validate` cannot see on a new GCP project and a new AWS account. Each test names the
 * item it covers and the doc or provider source of the rule; REVIEW.md-style, test/apply-time-rules.test.ts lists
 * every rule with the test that enforces it.
 */

const ACCESS = ControlPlaneAccess.privateOnly();

function problemsOf(fleet: Fleet): Problem[] {
  try {
    fleet.plan();
    return [];
  } catch (e) {
    assert.ok(e instanceof FleetValidationError, String(e));
    return [...e.problems];
  }
}

function types(stack: TerraformJson, type: string): TerraformJson[] {
  return Object.values(stack.resource?.[type] ?? {});
}

describe('issue 15, items 1-3: the seed fleet on a new project', () => {
  let files: Map<string, string>;
  let stacks: Map<string, TerraformJson>;
  before(() => {
    files = synthToTemp(seedFleet(), seedOptions()).files;
    stacks = readStacks(files);
  });

  // Item 1. Certificate Manager issues a load-balancer-authorized certificate only once the host resolves to the
  // load balancer and it serves traffic (https://cloud.google.com/certificate-manager/docs/domain-authorization);
  // Route53 answers with the EKS load balancers while the Google endpoint fails its health check: a deadlock.
  it('authorizes every Google-managed certificate by DNS, and writes the CNAME in the host\'s zone (item 1)', () => {
    const lb = stacks.get('gcp-global-lb')!;
    const authorization = resource(lb, 'google_certificate_manager_dns_authorization', 'dns-authorization-get-region');
    assert.equal(authorization.domain, 'get-region.example.com');
    assert.deepEqual(resource(lb, 'google_certificate_manager_certificate', 'certificate-get-region').managed.dns_authorizations, ['${google_certificate_manager_dns_authorization.dns-authorization-get-region.id}']);
    assert.equal(lb.output['dns_authorization_name_get-region'].value, '${google_certificate_manager_dns_authorization.dns-authorization-get-region.dns_resource_record[0].name}');
    const record = resource(stacks.get('global-dns-get-region')!, 'aws_route53_record', 'certificate-authorization-get-region');
    assert.equal(record.type, 'CNAME');
    assert.match(record.name, /terraform_remote_state\.stack-gcp-global-lb\.outputs\.dns_authorization_name_get-region/);
    assert.match(record.records[0], /terraform_remote_state\.stack-gcp-global-lb\.outputs\.dns_authorization_data_get-region/);
    assert.match(record.zone_id, /stack-dns-zone\.outputs\.zone_id/);
    assert.deepEqual(danglingReferences(stacks), []);
  });

  it('writes the certificate\'s CNAME in Cloud DNS too', () => {
    const fleet = new Fleet({ ...seedFleet().props, dns: DnsZone.cloudDns({ zoneName: 'example.com' }) });
    for (const c of seedFleet().clusters) fleet.addCluster(c.props);
    for (const a of seedFleet().apps) fleet.addApp(a.props);
    const dns = readStacks(synthToTemp(fleet).files).get('global-dns-get-region')!;
    const record = resource(dns, 'google_dns_record_set', 'certificate-authorization-get-region');
    assert.equal(record.type, 'CNAME');
    assert.match(record.rrdatas[0], /dns_authorization_data_get-region/);
  });

  // Item 2. A new project has its APIs off: the first call answers 403 SERVICE_DISABLED
  // (https://cloud.google.com/service-usage/docs/enable-disable).
  it('enables the Google APIs in the first step, kept on when the stack is destroyed (item 2)', () => {
    const apis = stacks.get('gcp-apis')!;
    const services = types(apis, 'google_project_service');
    assert.deepEqual(services.map((s) => s.service).sort(), [
      'certificatemanager.googleapis.com', 'cloudresourcemanager.googleapis.com', 'compute.googleapis.com', 'container.googleapis.com', 'iam.googleapis.com',
    ]);
    assert.ok(services.every((s) => s.disable_on_destroy === false && s.disable_dependent_services === false));
    const manifest = JSON.parse(files.get('terraform/manifest.json')!);
    assert.deepEqual(manifest.stacks['gcp-apis'].dependencies, []);
    for (const [name, json] of stacks) {
      if (name === 'gcp-apis' || !json.provider?.google) continue;
      assert.ok(manifest.stacks[name].dependencies.includes('gcp-apis'), `${name} does not wait for the APIs`);
    }
    assert.match(files.get('terraform/README.md')!, /## Step 1[\s\S]*`gcp-apis`[\s\S]*## Step 2/);
  });

  it('enables Cloud DNS\'s API for a fleet that keeps its zone there', () => {
    const fleet = new Fleet({ ...seedFleet().props, dns: DnsZone.cloudDns({ zoneName: 'example.com' }) });
    for (const c of seedFleet().clusters) fleet.addCluster(c.props);
    for (const a of seedFleet().apps) fleet.addApp(a.props);
    const stacks = readStacks(synthToTemp(fleet).files);
    assert.ok(types(stacks.get('gcp-apis')!, 'google_project_service').some((s) => s.service === 'dns.googleapis.com'));
    assert.ok(Object.keys(stacks.get('dns-zone')!.data.terraform_remote_state).includes('stack-gcp-apis'));
  });

  // Item 3. https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services#enabling and
  // https://cloud.google.com/kubernetes-engine/docs/how-to/enabling-multi-cluster-gateways.
  it('gives the multi-cluster features their APIs, IAM bindings, and the clusters the Gateway API (item 3)', () => {
    for (const name of ['asia-east1', 'europe-west1', 'us-central1', 'us-east1']) {
      assert.deepEqual(resource(stacks.get(`cluster-${name}`)!, 'google_container_cluster', 'cluster').gateway_api_config, { channel: 'CHANNEL_STANDARD' });
    }
    const hub = stacks.get('gke-fleet-hub')!;
    assert.deepEqual(types(hub, 'google_project_service').map((s) => s.service).sort(), [
      'dns.googleapis.com', 'gkehub.googleapis.com', 'multiclusteringress.googleapis.com', 'multiclusterservicediscovery.googleapis.com', 'trafficdirector.googleapis.com',
    ]);
    const importer = resource(hub, 'google_project_iam_member', 'mcs-importer-network-viewer');
    assert.deepEqual([importer.role, importer.member], ['roles/compute.networkViewer', 'serviceAccount:fleet-example.svc.id.goog[gke-mcs/gke-mcs-importer]']);
    const gateway = resource(hub, 'google_project_iam_member', 'multi-cluster-ingress-container-admin');
    assert.equal(gateway.role, 'roles/container.admin');
    assert.equal(gateway.member, 'serviceAccount:service-${data.google_project.project.number}@gcp-sa-multiclusteringress.iam.gserviceaccount.com');
    assert.ok(types(hub, 'google_gke_hub_membership').every((m) => m.depends_on.length === 5));
    assert.deepEqual(unknownToProvider(stacks, '@cdktf/provider-google', 'google_'), []);
  });
});

describe('issue 15, item 4: control-plane access', () => {
  const fleetWith = (props: Partial<FleetProps>, clusters: ('gcp' | 'aws')[] = ['gcp', 'aws']) => {
    const fleet = new Fleet({ gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), ...props });
    if (clusters.includes('gcp')) fleet.addCluster({ name: 'gke', cloud: 'gcp', region: 'us-east1' });
    if (clusters.includes('aws')) fleet.addCluster({ name: 'eks', cloud: 'aws', region: 'us-east-1' });
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } });
    return fleet;
  };

  it('refuses a fleet that declares no way to reach its control planes, and names the choices', () => {
    const problems = problemsOf(fleetWith({}));
    const problem = problems.find((p) => p.path === 'controlPlaneAccess');
    assert.ok(problem, JSON.stringify(problems));
    assert.match(problem.message, /eks, gke/);
    for (const choice of ['ControlPlaneAccess.fromNetworks', 'ControlPlaneAccess.dnsEndpoint', 'ControlPlaneAccess.privateOnly']) assert.ok(problem.message.includes(choice), choice);
  });

  it('accepts clusters that declare their own networks', () => {
    const fleet = new Fleet({ gcp: { project: 'my-project' } });
    fleet.addCluster({ name: 'gke', cloud: 'gcp', region: 'us-east1', gke: { authorizedNetworks: [{ cidr: '198.51.100.0/24', name: 'office' }] } });
    assert.deepEqual(problemsOf(fleet), []);
  });

  it('opens GKE\'s authorized networks and EKS\'s public endpoint to the given networks only', () => {
    const access = ControlPlaneAccess.fromNetworks([{ cidr: '198.51.100.0/24', name: 'office' }]);
    const stacks = readStacks(synthToTemp(fleetWith({ controlPlaneAccess: access })).files);
    const gke = resource(stacks.get('cluster-gke')!, 'google_container_cluster', 'cluster');
    assert.deepEqual(gke.master_authorized_networks_config.cidr_blocks, [{ cidr_block: '198.51.100.0/24', display_name: 'office' }]);
    const eks = resource(stacks.get('cluster-eks')!, 'aws_eks_cluster', 'cluster');
    assert.deepEqual(eks.vpc_config.public_access_cidrs, ['198.51.100.0/24']);
    assert.equal(eks.vpc_config.endpoint_public_access, true);
  });

  it('turns on GKE\'s DNS-based endpoint, and needs networks for EKS, which has none', () => {
    const problems = problemsOf(fleetWith({ controlPlaneAccess: ControlPlaneAccess.dnsEndpoint() }));
    assert.match(problems.find((p) => p.path === 'controlPlaneAccess.eksNetworks')?.message ?? '', /EKS has no DNS-based endpoint, so eks need/);
    const stacks = readStacks(synthToTemp(fleetWith({ controlPlaneAccess: ControlPlaneAccess.dnsEndpoint() }, ['gcp'])).files);
    const gke = resource(stacks.get('cluster-gke')!, 'google_container_cluster', 'cluster');
    assert.deepEqual(gke.control_plane_endpoints_config, { dns_endpoint_config: { allow_external_traffic: true } });
    assert.deepEqual(gke.master_authorized_networks_config.cidr_blocks, []);
  });

  it('refuses a network that opens the control planes to the whole internet', () => {
    const problems = problemsOf(fleetWith({ controlPlaneAccess: ControlPlaneAccess.fromNetworks([{ cidr: '0.0.0.0/0', name: 'all' }]) }));
    assert.match(problems.find((p) => p.path === 'controlPlaneAccess.networks[0].cidr')?.message ?? '', /whole internet/);
  });

  it('declares access in the default fleet, so the runbook\'s kubectl steps reach every cluster', () => {
    const stacks = readStacks(synthToTemp(seedFleet()).files);
    for (const name of ['us-west-2', 'eu-west-1']) {
      assert.deepEqual(resource(stacks.get(`cluster-${name}`)!, 'aws_eks_cluster', 'cluster').vpc_config.public_access_cidrs, ['203.0.113.0/24']);
    }
  });
});

describe('issue 15, items 5, 6 and 9: hosts, NEGs and the zone apex', () => {
  const gkeFleet = (dns: FleetProps['dns'] = DnsZone.route53({ zoneName: 'example.com' })) => {
    const fleet = new Fleet({ gcp: { project: 'my-project' }, dns, controlPlaneAccess: ACCESS });
    fleet.addCluster({ name: 'east-a', cloud: 'gcp', region: 'us-east1' });
    fleet.addCluster({ name: 'east-b', cloud: 'gcp', region: 'us-east1' });
    return fleet;
  };

  // Item 5. Two stacks creating the same Route53 record set: the second apply fails with InvalidChangeBatch; a
  // certificate map takes one entry per hostname.
  it('writes the records and the certificate of a shared host once, in its owner app\'s stack (item 5)', () => {
    const fleet = gkeFleet();
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } });
    fleet.addApp({ name: 'api', image: 'example/api:1.0.0', containerPort: 8080, nodePort: 30081, ingress: { host: 'web.example.com', path: '/api' } });
    const stacks = readStacks(synthToTemp(fleet).files);
    assert.deepEqual([...stacks.keys()].filter((s) => s.startsWith('global-dns-')), ['global-dns-web']);
    const lb = stacks.get('gcp-global-lb')!;
    assert.deepEqual(types(lb, 'google_certificate_manager_certificate_map_entry').map((e) => e.hostname), ['web.example.com']);
    assert.deepEqual(types(lb, 'google_certificate_manager_certificate').map((c) => c.name), ['fleet-web']);
    assert.equal(types(stacks.get('global-dns-web')!, 'aws_route53_record').filter((r) => r.type === 'A').length, 1);
  });

  it('refuses a shared host without an app at "/", and a shared host on EKS', () => {
    const fleet = gkeFleet();
    fleet.addCluster({ name: 'eks', cloud: 'aws', region: 'us-east-1' });
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com', path: '/web' } });
    fleet.addApp({ name: 'api', image: 'example/api:1.0.0', containerPort: 8080, nodePort: 30081, ingress: { host: 'web.example.com', path: '/api' } });
    const problems = problemsOf(fleet);
    assert.ok(problems.some((p) => p.path === 'apps.api.ingress.host' && /none serves "\/"/.test(p.message)), JSON.stringify(problems));
    assert.ok(problems.some((p) => p.path === 'apps.web.ingress.host' && /"web" runs on EKS \(eks\)/.test(p.message)), JSON.stringify(problems));
  });

  // Item 6. A NEG is a zonal resource (compute API: projects/{p}/zones/{z}/networkEndpointGroups/{name}); two
  // clusters in one region share the zones.
  it('names the NEGs of each cluster apart, so two clusters in one region do not claim the same NEG (item 6)', () => {
    const fleet = gkeFleet();
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, ingress: { host: 'web.example.com' }, loadBalancing: { gcp: { backend: 'neg' } } });
    const { files } = synthToTemp(fleet);
    const annotated = (cluster: string) => JSON.parse(find(clusterManifests(files, cluster), 'Service', 'web').metadata.annotations['cloud.google.com/neg']).exposed_ports['80'].name;
    assert.notEqual(annotated('east-a'), annotated('east-b'));
    const negs = Object.entries<TerraformJson>(readStacks(files).get('gcp-global-lb')!.data.google_compute_network_endpoint_group);
    assert.equal(new Set(negs.map(([, n]) => `${n.zone}/${n.name}`)).size, 6, 'two clusters x three zones, each NEG once');
    for (const [id, neg] of negs) assert.equal(neg.name, annotated(id.includes('east-a') ? 'east-a' : 'east-b'), id);
  });

  // Item 9. RFC 1034 section 3.6.2 / RFC 2181 section 10.1: a CNAME cannot sit beside the apex's SOA and NS records.
  it('refuses a Cloud DNS host at the zone apex that would need a CNAME (item 9)', () => {
    const fleet = new Fleet({ gcp: { project: 'my-project' }, dns: DnsZone.cloudDns({ zoneName: 'example.com' }), controlPlaneAccess: ACCESS });
    fleet.addCluster({ name: 'gke', cloud: 'gcp', region: 'us-east1' });
    fleet.addCluster({ name: 'eks', cloud: 'aws', region: 'us-east-1' });
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'example.com' } });
    const problems = problemsOf(fleet);
    assert.match(problems.find((p) => p.path === 'apps.web.ingress.host')?.message ?? '', /apex of the Cloud DNS zone.*CNAME.*"www\.example\.com"/);
  });

  it('accepts a Cloud DNS apex host served by GKE alone: an A record', () => {
    const fleet = gkeFleet(DnsZone.cloudDns({ zoneName: 'example.com' }));
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'example.com' } });
    const record = resource(readStacks(synthToTemp(fleet).files).get('global-dns-web')!, 'google_dns_record_set', 'record-web');
    assert.equal(record.type, 'A');
  });
});

describe('cloud names are unique by construction', () => {
  // Names made of dashed parts: the joined forms of different pairs coincide ("prod" + "eu-web" = "prod-eu" + "web").
  const parts = ['a', 'b', 'a-b', 'b-a', 'prod', 'eu', 'prod-eu', 'eu-web', 'web', 'a-b-a', 'x'.repeat(40), `${'x'.repeat(39)}-y`];
  const pairs = parts.flatMap((c) => parts.map((a) => [c, a] as const));

  it('gives every (cluster, app) pair its own NEG name, within GCP\'s 63 characters', () => {
    const names = pairs.map(([c, a]) => negName('fleet', c, a));
    assert.equal(new Set(names).size, pairs.length);
    assert.ok(names.every((n) => n.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(n)), names.find((n) => n.length > 63));
    assert.notEqual(negName('fleet', 'prod', 'eu-web'), negName('fleet', 'prod-eu', 'web'));
  });

  it('keeps tuple names apart over every split of the same characters', () => {
    const seen = new Map<string, string>();
    for (const [c, a] of pairs) {
      for (const limit of [20, 30, 63]) {
        const name = tupleName([c, a], limit);
        const key = `${limit}:${name}`;
        assert.ok(!seen.has(key), `${JSON.stringify([c, a])} and ${seen.get(key)} share ${name}`);
        seen.set(key, JSON.stringify([c, a]));
        assert.ok(name.length <= limit, name);
      }
    }
  });

  /** Every resource's cloud name in the stacks, by type and scope; fails on the first two that share one. */
  function assertUniqueCloudNames(stacks: Map<string, TerraformJson>): void {
    const byName = new Map<string, string>();
    for (const [stack, json] of stacks) {
      for (const [type, byId] of Object.entries<Record<string, TerraformJson>>(json.resource ?? {})) {
        for (const [id, block] of Object.entries(byId)) {
          const name = block.name ?? block.account_id;
          if (typeof name !== 'string' || name.includes('${')) continue;
          // Where the name must be unique: a node pool's in its cluster, a zonal resource's in its zone, and so on.
          const scope = [block.cluster ? `${stack}:${block.cluster}` : undefined, block.role ? `${stack}:${block.role}` : undefined, block.zone, block.region, block.location, block.zone_id, block.set_identifier].filter(Boolean).join('/');
          const key = `${type}/${scope}/${name}`;
          assert.ok(!byName.has(key), `${stack}/${type}.${id} and ${byName.get(key)} are both named ${name}`);
          byName.set(key, `${stack}/${type}.${id}`);
        }
      }
    }
  }

  // The shared ALBs, their target groups, security groups and web ACLs are named as tuples (`tupleName`). An app's
  // own NLB keeps the joined name of the first releases, so that existing NLBs are not replaced, and a collision
  // between two of them is refused.
  it('synthesizes no two AWS resources with one name for EKS clusters and apps whose joined names coincide', () => {
    const fleet = new Fleet({ dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ACCESS });
    for (const name of ['prod', 'prod-eu']) fleet.addCluster({ name, cloud: 'aws', region: 'eu-west-1' });
    for (const [name, port] of [['eu-web', 30080], ['web', 30081]] as const) {
      fleet.addApp({ name, image: 'example/web:1.0.0', containerPort: 8080, nodePort: port, ingress: { host: `${name}.example.com` } });
    }
    const stacks = readStacks(synthToTemp(fleet).files);
    assertUniqueCloudNames(stacks);
    const targetGroups = ['prod', 'prod-eu'].flatMap((c) => Object.values<TerraformJson>(stacks.get(`cluster-${c}`)!.resource.aws_lb_target_group).map((t) => t.name));
    assert.equal(new Set(targetGroups).size, 4, targetGroups.join(', '));

    const nlbs = new Fleet({ dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ACCESS });
    for (const name of ['prod', 'prod-eu']) nlbs.addCluster({ name, cloud: 'aws', region: 'eu-west-1' });
    for (const [name, port] of [['eu-web', 30080], ['web', 30081]] as const) {
      nlbs.addApp({ name, image: 'example/web:1.0.0', containerPort: 8080, nodePort: port, ingress: { host: `${name}.example.com` }, loadBalancing: { aws: { loadBalancer: 'nlb' } } });
    }
    const problems = problemsOf(nlbs);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0].message, /would be named "prod-eu-web", as that of app "(eu-web|web)" in cluster "(prod|prod-eu)" in eu-west-1/);
  });

  it('synthesizes no two resources of one kind with one cloud name, for clusters and apps whose joined names coincide', () => {
    const fleet = new Fleet({ gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ACCESS });
    for (const name of ['prod', 'prod-eu']) fleet.addCluster({ name, cloud: 'gcp', region: 'europe-west1' });
    for (const [name, port] of [['eu-web', 30080], ['web', 30081]] as const) {
      fleet.addApp({ name, image: 'example/web:1.0.0', containerPort: 8080, nodePort: port, ingress: { host: `${name}.example.com` } });
      fleet.addApp({ name: `${name}-neg`, image: 'example/web:1.0.0', containerPort: 8080, ingress: { host: `${name}-neg.example.com` }, loadBalancing: { gcp: { backend: 'neg' } } });
    }
    const { files } = synthToTemp(fleet);
    assertUniqueCloudNames(readStacks(files));
    const negs = ['prod', 'prod-eu'].flatMap((c) => clusterManifests(files, c).filter((m) => m.kind === 'Service' && m.metadata.annotations?.['cloud.google.com/neg']))
      .map((s) => JSON.parse(s.metadata.annotations['cloud.google.com/neg']).exposed_ports['80'].name);
    assert.equal(negs.length, 4);
    assert.equal(new Set(negs).size, 4);
  });
});

describe('issue 15, items 10-15: quotas, day one, and the Kubernetes side', () => {
  let files: Map<string, string>;
  let stacks: Map<string, TerraformJson>;
  before(() => {
    files = synthToTemp(seedFleet(), seedOptions()).files;
    stacks = readStacks(files);
  });

  // Item 10. EC2-VPC Elastic IPs: 5 per region by default (L-0263D0A3); GCP SSD_TOTAL_GB 500 GB per region.
  it('counts the Elastic IPs of each region\'s NAT gateways and the GKE node disks against their default quotas (item 10)', () => {
    const fleet = seedFleet();
    fleet.addCluster({ name: 'us-west-2b', cloud: 'aws', region: 'us-west-2' });
    const uses = quotaUses(fleet.plan());
    const eips = uses.find((q) => q.cloud === 'aws' && q.scope === 'us-west-2' && q.quota.startsWith('EC2-VPC Elastic IPs'))!;
    assert.deepEqual([eips.quota, eips.defaultLimit, eips.needed], ['EC2-VPC Elastic IPs (L-0263D0A3)', 5, 6]);
    const ssd = uses.find((q) => q.cloud === 'gcp' && q.scope === 'us-central1')!;
    assert.deepEqual([ssd.quota, ssd.defaultLimit, ssd.needed], ['SSD_TOTAL_GB (Persistent Disk SSD, GB)', 500, 900]);
    assert.deepEqual(exceededQuotas(fleet.plan()).map((q) => `${q.cloud}/${q.scope}`), ['aws/us-west-2', 'gcp/asia-east1', 'gcp/europe-west1', 'gcp/us-central1', 'gcp/us-east1']);
  });

  it('lists the quotas the fleet exceeds, by name, among the runbook\'s prerequisites', () => {
    const readme = files.get('terraform/README.md')!;
    const before = readme.slice(0, readme.indexOf('## Step 1'));
    assert.match(before, /\| gcp \| us-central1 \| SSD_TOTAL_GB \(Persistent Disk SSD, GB\) \| 500 \| 900 \|/);
    assert.match(before, /Within the defaults, at half or more: (.+; )?EC2-VPC Elastic IPs \(L-0263D0A3\) in eu-west-1 \(3 of 5\)/);
    assert.doesNotMatch(before, /Target Groups per Region/, 'a use far below its default is not worth a line');
  });

  // Item 11. Without an upgrade policy, EKS keeps a version past standard support at the extended-support price
  // (https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html).
  it('upgrades EKS at the end of standard support instead of paying for extended support (item 11)', () => {
    for (const name of ['eu-west-1', 'us-west-2']) {
      assert.deepEqual(resource(stacks.get(`cluster-${name}`)!, 'aws_eks_cluster', 'cluster').upgrade_policy, { support_type: 'STANDARD' });
    }
  });

  // Item 12. kubectl apply without --prune leaves the objects whose files a synth removed; kubectl's default prune
  // list lacks PodDisruptionBudget.
  it('prunes with the fleet\'s labels and every kind the output holds, in the runbook (item 12)', () => {
    const kinds = new Set<string>();
    for (const [file, content] of files) {
      if (!file.startsWith('kubernetes/') || !file.endsWith('.yaml')) continue;
      for (const m of parseManifests(content)) {
        const [group, version] = m.apiVersion.includes('/') ? m.apiVersion.split('/') : ['core', m.apiVersion];
        kinds.add(`${group}/${version}/${m.kind}`);
        assert.equal(m.metadata.labels?.['app.kubernetes.io/managed-by'], 'cdk-fleet', `${file}: ${m.kind}/${m.metadata.name}`);
        assert.equal(m.metadata.labels?.['app.kubernetes.io/part-of'], 'fleet', `${file}: ${m.kind}/${m.metadata.name}`);
      }
    }
    assert.ok(kinds.has('policy/v1/PodDisruptionBudget'));
    for (const kind of kinds) assert.ok((PRUNE_ALLOWLIST as readonly string[]).includes(kind), `${kind} is not pruned`);
    const readme = files.get('terraform/README.md')!;
    assert.ok(readme.includes(`PRUNE='--prune -l app.kubernetes.io/managed-by=cdk-fleet,app.kubernetes.io/part-of=fleet --prune-allowlist=core/v1/Namespace`));
    assert.match(readme, /kubectl --context \$cluster apply -f \.\.\/kubernetes\/\$cluster\/ \$PRUNE/);
  });

  // Item 13. Argo CD counts an Ingress Healthy only with an address
  // (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#ingress); EKS runs no ingress controller.
  it('counts the fleet\'s Ingresses healthy without an address, so the waves reach EKS (item 13)', () => {
    const [config] = parseManifests(files.get('argocd/argocd-cm-ingress-health.yaml')!);
    assert.deepEqual([config.kind, config.metadata.name, config.metadata.namespace], ['ConfigMap', 'argocd-cm', 'argocd']);
    const lua = config.data['resource.customizations.health.networking.k8s.io_Ingress'];
    assert.match(lua, /labels\["app\.kubernetes\.io\/managed-by"\] == "cdk-fleet" and labels\["app\.kubernetes\.io\/part-of"\] == "fleet"/);
    assert.match(lua, /hs\.status = "Progressing"/);
    const eksIngress = clusterManifests(files, 'us-west-2').find((m) => m.kind === 'Ingress');
    if (eksIngress) assert.equal(eksIngress.metadata.labels['app.kubernetes.io/part-of'], 'fleet');
  });

  // Item 15. https://karmada.io/docs/userguide/scheduling/override-policy (dependentOverrides) and the
  // PropagationPolicy's conflictResolution (default Abort: existing objects are not taken over).
  it('makes Karmada wait for the overrides and take over the objects kubectl applied before (item 15)', () => {
    const docs = parseManifests(files.get('karmada/app-get-region.yaml')!);
    const policy = docs.find((d) => d.kind === 'PropagationPolicy' && d.metadata.name === 'get-region')!;
    assert.equal(policy.spec.conflictResolution, 'Overwrite');
    const overrides = docs.filter((d) => d.kind === 'OverridePolicy').map((d) => d.metadata.name);
    assert.ok(overrides.length > 0);
    assert.deepEqual(policy.spec.dependentOverrides, overrides.filter((n) => policy.spec.resourceSelectors.some((s: any) => n === `get-region-${s.kind.toLowerCase()}`)).sort());
    assert.ok(docs.findIndex((d) => d.kind === 'OverridePolicy') < docs.findIndex((d) => d.kind === 'PropagationPolicy'), 'overrides first');
  });
});

describe('issue 15, items 11 and 14: the node autoscaler, and GKE multi-cluster beside the Terraform load balancer', () => {
  let files: Map<string, string>;
  let stacks: Map<string, TerraformJson>;
  before(() => {
    files = synthToTemp(seedFleet(), seedOptions()).files;
    stacks = readStacks(files);
  });

  // Item 11. EKS never changes a managed node group's desired size: without an autoscaler, max_size is never reached.
  it('runs the Cluster Autoscaler on every EKS cluster, with its IAM through EKS Pod Identity (item 11)', () => {
    for (const name of ['eu-west-1', 'us-west-2']) {
      const stack = stacks.get(`cluster-${name}`)!;
      assert.equal(resource(stack, 'aws_eks_addon', 'pod-identity-agent').addon_name, 'eks-pod-identity-agent');
      const association = resource(stack, 'aws_eks_pod_identity_association', 'cluster-autoscaler-identity');
      assert.deepEqual([association.namespace, association.service_account], ['kube-system', 'cluster-autoscaler']);
      assert.equal(association.role_arn, '${aws_iam_role.cluster-autoscaler-role.arn}');
      const trust = JSON.parse(resource(stack, 'aws_iam_role', 'cluster-autoscaler-role').assume_role_policy);
      assert.deepEqual(trust.Statement[0].Principal, { Service: 'pods.eks.amazonaws.com' });
      const policy = JSON.parse(resource(stack, 'aws_iam_role_policy', 'cluster-autoscaler-policy').policy);
      assert.deepEqual(policy.Statement[1].Condition, { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${name}`]: 'owned' } });
      const manifests = parseManifests(files.get(`kubernetes/${name}/cluster-autoscaler.yaml`)!);
      const deployment = manifests.find((m) => m.kind === 'Deployment')!;
      const container = deployment.spec.template.spec.containers[0];
      assert.equal(container.image, 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.33.0');
      assert.ok(container.command.includes(`--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${name}`));
      assert.equal(deployment.spec.template.spec.serviceAccountName, 'cluster-autoscaler');
      assert.deepEqual(manifests.map((m) => m.kind).sort(), ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Role', 'RoleBinding', 'ServiceAccount']);
    }
    assert.equal(files.has('kubernetes/us-central1/cluster-autoscaler.yaml'), false, 'GKE node pools autoscale by themselves');
  });

  // Item 14. DNS points at the Terraform load balancer; GKE's multi-cluster objects build a second one.
  it('says plainly that the GKE multi-cluster objects run beside the Terraform load balancer, and at what cost (item 14)', () => {
    const readme = files.get('gke-multicluster/README.md')!;
    assert.match(readme, /run beside the Terraform load balancer, not instead of it/);
    assert.match(readme, /ephemeral address that nothing points at/);
    assert.match(readme, /Both load balancers are billed/);
    assert.match(readme, /pricing#multi-cluster-ingress/);
  });
});
