import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { ApiObject, JsonPatch } from 'cdk8s';
import { ComputeHealthCheck } from '@cdktf/provider-google/lib/compute-health-check';
import { ControlPlaneAccess, DnsZone, Fleet, OutputDisagreementError, synth, type FleetProps } from '../lib';
import { richFleet, seedFleet } from './support/fleets';
import { clusterManifests, find, readTree, synthToTemp, tempDir } from './support/synth';
import { danglingReferences, hashedLogicalIds, identities, readStacks, renamed, resource, type TerraformJson, unknownToProvider } from './support/terraform-graph';

const GKE_CLUSTERS = ['asia-east1', 'europe-west1', 'us-central1', 'us-east1'];

describe('GCP stacks of the seed fleet', () => {
  let files: Map<string, string>;
  let stacks: Map<string, TerraformJson>;
  before(() => {
    files = synthToTemp(seedFleet()).files;
    stacks = readStacks(files);
  });

  it('writes the network, one stack per GKE cluster and the global load balancer, in apply order', () => {
    const gcp = [...stacks.keys()].filter((s) => s.startsWith('gcp-') || GKE_CLUSTERS.some((c) => s === `cluster-${c}`));
    assert.deepEqual(gcp.sort(), ['cluster-asia-east1', 'cluster-europe-west1', 'cluster-us-central1', 'cluster-us-east1', 'gcp-apis', 'gcp-global-lb', 'gcp-network']);
    const manifest = JSON.parse(files.get('terraform/manifest.json')!);
    assert.deepEqual(manifest.stacks['cluster-us-central1'].dependencies, ['gcp-apis', 'gcp-network']);
    assert.deepEqual(manifest.stacks['gcp-global-lb'].dependencies, [...GKE_CLUSTERS.map((c) => `cluster-${c}`), 'gcp-apis', 'gcp-network']);
    assert.equal(manifest.stacks['gcp-global-lb'].synthesizedStackPath, 'stacks/gcp-global-lb/cdk.tf.json');
  });

  it('gives every reference a target: a resource of the stack or an output another stack publishes', () => {
    assert.deepEqual(danglingReferences(stacks), []);
  });

  it('uses only resource types and arguments of the Google provider the bindings were generated from', () => {
    assert.deepEqual(unknownToProvider(stacks, '@cdktf/provider-google', 'google_'), []);
  });

  it('gives every resource a readable logical id, without a construct-path hash', () => {
    assert.deepEqual(hashedLogicalIds(stacks), []);
  });

  it('creates one VPC with a subnet and a Cloud NAT in every GKE region, at fixed ranges', () => {
    const network = stacks.get('gcp-network')!;
    assert.equal(resource(network, 'google_compute_network', 'network').auto_create_subnetworks, false);
    const subnets = network.resource.google_compute_subnetwork;
    assert.deepEqual(Object.keys(subnets).sort(), GKE_CLUSTERS.map((c) => `subnet-${c}`));
    assert.equal(subnets['subnet-us-central1'].ip_cidr_range, '10.1.0.0/20');
    assert.equal(subnets['subnet-asia-east1'].ip_cidr_range, '10.32.0.0/20');
    assert.equal(subnets['subnet-europe-west1'].private_ip_google_access, true);
    assert.deepEqual(Object.keys(network.resource.google_compute_router_nat).sort(), GKE_CLUSTERS.map((c) => `nat-${c}`));
    assert.ok(network.output['subnetwork_us-central1'] && network.output.network_self_link);
  });

  it('makes every GKE cluster regional, private, hardened and protected from deletion (CHECKLIST: GKE)', () => {
    for (const name of GKE_CLUSTERS) {
      const stack = stacks.get(`cluster-${name}`)!;
      const cluster = resource(stack, 'google_container_cluster', 'cluster');
      assert.equal(cluster.name, name);
      assert.equal(cluster.location, name);
      assert.equal(cluster.node_locations.length, 3);
      assert.ok(cluster.node_locations.every((z: string) => z.startsWith(`${name}-`)));
      assert.equal(cluster.remove_default_node_pool, true);
      assert.equal(cluster.deletion_protection, true);
      assert.equal(cluster.lifecycle.prevent_destroy, true);
      assert.deepEqual(cluster.release_channel, { channel: 'REGULAR' });
      assert.deepEqual(cluster.workload_identity_config, { workload_pool: 'fleet-example.svc.id.goog' });
      assert.equal(cluster.enable_shielded_nodes, true);
      assert.equal(cluster.enable_legacy_abac, false);
      assert.equal(cluster.datapath_provider, 'ADVANCED_DATAPATH');
      assert.deepEqual(cluster.master_auth, { client_certificate_config: { issue_client_certificate: false } });
      assert.equal(cluster.private_cluster_config.enable_private_nodes, true);
      // The default fleet's controlPlaneAccess: ControlPlaneAccess.fromNetworks (main.ts).
      assert.deepEqual(cluster.master_authorized_networks_config, { cidr_blocks: [{ cidr_block: '203.0.113.0/24', display_name: 'ci-runners' }], gcp_public_cidrs_access_enabled: false });
      assert.deepEqual(cluster.logging_config.enable_components, ['SYSTEM_COMPONENTS', 'WORKLOADS']);
      assert.match(cluster.subnetwork, /data\.terraform_remote_state\.stack-gcp-network\.outputs\.subnetwork_/);
    }
  });

  it('gives every cluster a managed, autoscaled, shielded node pool with a least-privilege service account', () => {
    const stack = stacks.get('cluster-us-central1')!;
    const pool = resource(stack, 'google_container_node_pool', 'nodes');
    assert.deepEqual(pool.autoscaling, { location_policy: 'BALANCED', total_max_node_count: 6, total_min_node_count: 3 });
    assert.deepEqual(pool.management, { auto_repair: true, auto_upgrade: true });
    assert.equal(pool.initial_node_count, 1);
    assert.deepEqual(pool.lifecycle.ignore_changes, ['initial_node_count']);
    assert.equal(pool.node_config.machine_type, 'e2-standard-4');
    assert.deepEqual(pool.node_config.tags, ['fleet-us-central1-node']);
    assert.deepEqual(pool.node_config.workload_metadata_config, { mode: 'GKE_METADATA' });
    assert.deepEqual(pool.node_config.shielded_instance_config, { enable_integrity_monitoring: true, enable_secure_boot: true });
    assert.equal(pool.node_config.service_account, '${google_service_account.node-service-account.email}');
    const roles = Object.values<TerraformJson>(stack.resource.google_project_iam_member).map((m) => m.role).sort();
    assert.deepEqual(roles, ['roles/artifactregistry.reader', 'roles/container.defaultNodeServiceAccount']);
  });

  it('balances get-region over one backend per instance group of every GKE cluster, health-checked on NodePort 30040', () => {
    const lb = stacks.get('gcp-global-lb')!;
    const backend = resource(lb, 'google_compute_backend_service', 'backend-get-region');
    assert.equal(backend.backend.length, GKE_CLUSTERS.length * 3);
    for (const cluster of GKE_CLUSTERS) {
      const groups = backend.backend.filter((b: TerraformJson) => b.group.includes(`stack-cluster-${cluster}.outputs.instance_group_urls`));
      assert.equal(groups.length, 3, cluster);
      assert.ok(groups.every((b: TerraformJson) => b.balancing_mode === 'UTILIZATION' && b.capacity_scaler === 1));
    }
    assert.equal(backend.port_name, 'get-region');
    assert.equal(backend.protocol, 'HTTP');
    assert.equal(backend.load_balancing_scheme, 'EXTERNAL_MANAGED');
    assert.deepEqual(backend.log_config, { enable: true, sample_rate: 1 });
    assert.equal(backend.security_policy, '${google_compute_security_policy.security-policy.id}');
    const check = resource(lb, 'google_compute_health_check', 'health-check-get-region');
    assert.deepEqual(check.http_health_check, { port: 30040, request_path: '/health' });
    assert.deepEqual(backend.health_checks, ['${google_compute_health_check.health-check-get-region.id}']);
  });

  it('checks health on the NodePort that every cluster Service really has', () => {
    const port = resource(stacks.get('gcp-global-lb')!, 'google_compute_health_check', 'health-check-get-region').http_health_check.port;
    for (const cluster of GKE_CLUSTERS) {
      const service = find(clusterManifests(files, cluster), 'Service', 'get-region');
      assert.equal(service.spec.ports[0].nodePort, port, cluster);
    }
  });

  it('names the NodePort on every instance group, and lets Google\'s ranges reach it on the nodes only', () => {
    const lb = stacks.get('gcp-global-lb')!;
    for (const cluster of GKE_CLUSTERS) {
      const named = resource(lb, 'google_compute_instance_group_named_port', `named-port-get-region-${cluster}`);
      assert.equal(named.count, 3);
      assert.equal(named.port, 30040);
      assert.equal(named.name, 'get-region');
      assert.match(named.zone, /split\("\/", element\(data\.terraform_remote_state\.stack-cluster-[a-z0-9-]+\.outputs\.instance_group_urls, count\.index\)\), 8\)/);
    }
    const firewall = resource(lb, 'google_compute_firewall', 'firewall-get-region');
    assert.deepEqual(firewall.allow, [{ ports: ['30040'], protocol: 'tcp' }]);
    assert.deepEqual(firewall.source_ranges, ['130.211.0.0/22', '35.191.0.0/16']);
    assert.deepEqual(firewall.target_tags, GKE_CLUSTERS.map((c) => `fleet-${c}-node`));
  });

  it('serves HTTPS on one global IP with a managed certificate and TLS 1.2+, and redirects HTTP (CHECKLIST: LB)', () => {
    const lb = stacks.get('gcp-global-lb')!;
    assert.equal(resource(lb, 'google_compute_global_address', 'address').ip_version, 'IPV4');
    const https = resource(lb, 'google_compute_global_forwarding_rule', 'https-rule');
    assert.equal(https.port_range, '443');
    assert.equal(https.target, '${google_compute_target_https_proxy.https-proxy.id}');
    const proxy = resource(lb, 'google_compute_target_https_proxy', 'https-proxy');
    assert.equal(proxy.certificate_map, '//certificatemanager.googleapis.com/${google_certificate_manager_certificate_map.certificate-map.id}');
    assert.equal(proxy.ssl_policy, '${google_compute_ssl_policy.ssl-policy.id}');
    assert.deepEqual(resource(lb, 'google_compute_ssl_policy', 'ssl-policy'), { ...lb.resource.google_compute_ssl_policy['ssl-policy'], profile: 'MODERN', min_tls_version: 'TLS_1_2' });
    assert.deepEqual(resource(lb, 'google_certificate_manager_certificate', 'certificate-get-region').managed, { domains: ['get-region.example.com'], dns_authorizations: ['${google_certificate_manager_dns_authorization.dns-authorization-get-region.id}'] });
    assert.equal(resource(lb, 'google_certificate_manager_certificate_map_entry', 'certificate-map-entry-get-region').hostname, 'get-region.example.com');
    const urlMap = resource(lb, 'google_compute_url_map', 'url-map');
    assert.deepEqual(urlMap.host_rule, [{ hosts: ['get-region.example.com'], path_matcher: 'get-region-example-com' }]);
    assert.equal(resource(lb, 'google_compute_global_forwarding_rule', 'http-rule').port_range, '80');
    assert.equal(resource(lb, 'google_compute_url_map', 'http-redirect-map').default_url_redirect.https_redirect, true);
    assert.deepEqual(lb.output.ip_address.value, '${google_compute_global_address.address.address}');
  });

  it('protects the backends with Cloud Armor: adaptive protection and a default allow rule', () => {
    const policy = resource(stacks.get('gcp-global-lb')!, 'google_compute_security_policy', 'security-policy');
    assert.deepEqual(policy.adaptive_protection_config, { layer_7_ddos_defense_config: { enable: true } });
    assert.equal(policy.rule.at(-1).priority, 2147483647);
  });
});

describe('GCP options', () => {
  it('sends NEG apps straight to the pods through the NEGs the Service annotation names, one per zone', () => {
    const { files } = synthToTemp(richFleet());
    const lb = readStacks(files).get('gcp-global-lb')!;
    const backend = resource(lb, 'google_compute_backend_service', 'backend-api');
    assert.equal(backend.backend.length, 3, 'gke-us has three zones; api is not placed on gke-eu');
    assert.ok(backend.backend.every((b: TerraformJson) => b.balancing_mode === 'RATE' && b.max_rate_per_endpoint === 100));
    const negName = JSON.parse(find(clusterManifests(files, 'gke-us'), 'Service', 'api').metadata.annotations['cloud.google.com/neg']).exposed_ports['443'].name;
    for (const zone of ['us-central1-a', 'us-central1-b', 'us-central1-c']) {
      const neg = lb.data.google_compute_network_endpoint_group[`neg-api-gke-us-${zone}`];
      assert.deepEqual({ name: neg.name, zone: neg.zone }, { name: negName, zone });
    }
    assert.deepEqual(resource(lb, 'google_compute_health_check', 'health-check-api').http_health_check, { port_specification: 'USE_SERVING_PORT', request_path: '/ready' });
    assert.deepEqual(resource(lb, 'google_compute_firewall', 'firewall-api').allow, [{ ports: ['9000'], protocol: 'tcp' }]);
    assert.equal(backend.port_name, undefined);
  });

  it('routes a host shared by apps on different paths, and turns on Cloud CDN where asked', () => {
    // Apps that share a host run on GKE only: on EKS each app has a load balancer of its own (see traffic-rules).
    const fleet = new Fleet({ name: 'rich', gcp: { project: 'rich-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
    fleet.addCluster({ name: 'gke-us', cloud: 'gcp', region: 'us-central1' });
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } });
    fleet.addApp({ name: 'docs', image: 'example/docs:1.0.0', containerPort: 8080, nodePort: 30090, ingress: { host: 'web.example.com', path: '/docs' }, loadBalancing: { gcp: { cdn: true } } });
    const lb = readStacks(synthToTemp(fleet).files).get('gcp-global-lb')!;
    const matcher = resource(lb, 'google_compute_url_map', 'url-map').path_matcher.find((m: TerraformJson) => m.name === 'web-example-com');
    assert.equal(matcher.default_service, '${google_compute_backend_service.backend-web.id}');
    assert.deepEqual(matcher.path_rule, [{ paths: ['/docs', '/docs/*'], service: '${google_compute_backend_service.backend-docs.id}' }]);
    assert.equal(resource(lb, 'google_compute_backend_service', 'backend-docs').enable_cdn, true);
    assert.equal(resource(lb, 'google_compute_backend_service', 'backend-web').enable_cdn, false);
  });

  it('lets a cluster be deleted only when its deletion protection is turned off', () => {
    const fleet = new Fleet({ gcp: { project: 'my-project' }, controlPlaneAccess: ControlPlaneAccess.privateOnly() });
    fleet.addCluster({ name: 'doomed', cloud: 'gcp', region: 'us-east1', gke: { deletionProtection: false, privateNodes: false, authorizedNetworks: [{ cidr: '203.0.113.0/24', name: 'ci' }] } });
    const cluster = resource(readStacks(synthToTemp(fleet).files).get('cluster-doomed')!, 'google_container_cluster', 'cluster');
    assert.equal(cluster.deletion_protection, false);
    assert.equal(cluster.lifecycle.prevent_destroy, false);
    assert.equal(cluster.private_cluster_config.enable_private_nodes, false);
    assert.deepEqual(cluster.master_authorized_networks_config.cidr_blocks, [{ cidr_block: '203.0.113.0/24', display_name: 'ci' }]);
  });

  it('adds subnets and Cloud NAT to an existing network without managing the network', () => {
    const props: FleetProps = { controlPlaneAccess: ControlPlaneAccess.privateOnly(), gcp: { project: 'my-project', network: { name: 'shared-vpc', existing: true, subnetCidrs: { 'us-east1': '172.20.0.0/20' } }, cloudArmor: { wafRules: ['sqli-v33-stable'] } } };
    const fleet = new Fleet(props);
    fleet.addCluster({ name: 'east', cloud: 'gcp', region: 'us-east1' });
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 80, nodePort: 30080, ingress: { host: 'web.example.com' } });
    const stacks = readStacks(synthToTemp(fleet).files);
    const network = stacks.get('gcp-network')!;
    assert.equal(network.resource.google_compute_network, undefined);
    assert.equal(network.data.google_compute_network.network.name, 'shared-vpc');
    assert.equal(network.resource.google_compute_subnetwork['subnet-us-east1'].ip_cidr_range, '172.20.0.0/20');
    const rules = resource(stacks.get('gcp-global-lb')!, 'google_compute_security_policy', 'security-policy').rule;
    assert.deepEqual(rules[0].match, { expr: { expression: "evaluatePreconfiguredExpr('sqli-v33-stable')" } });
    assert.equal(rules[0].action, 'deny(403)');
    assert.deepEqual(danglingReferences(stacks), []);
  });

  it('writes no GCP stack for a fleet without GKE clusters, and no load balancer without an app to balance', () => {
    const fleet = new Fleet({ gcp: { project: 'my-project' }, controlPlaneAccess: ControlPlaneAccess.privateOnly() });
    fleet.addCluster({ name: 'quiet', cloud: 'gcp', region: 'us-east1' });
    fleet.addApp({ name: 'worker', image: 'example/worker:1.0.0', containerPort: 80 });
    assert.deepEqual([...readStacks(synthToTemp(fleet).files).keys()].sort(), ['cluster-quiet', 'gcp-apis', 'gcp-network']);
  });
});

describe('stable identity of GCP resources', () => {
  const identitiesOf = (files: Map<string, string>) => identities(readStacks(files));
  const assertKept = (before: Map<string, string>, after: Map<string, string>) => assert.deepEqual(renamed(before, after), []);

  it('keeps every resource address and name when a cluster is added', () => {
    const before = identitiesOf(synthToTemp(seedFleet()).files);
    const fleet = seedFleet();
    fleet.addCluster({ name: 'australia-southeast1', cloud: 'gcp', region: 'australia-southeast1' });
    const after = identitiesOf(synthToTemp(fleet).files);
    assertKept(before, after);
    assert.ok(after.size > before.size);
  });

  it('keeps every resource address and name when an app is added, and every cluster stack byte-identical', () => {
    const seed = synthToTemp(seedFleet()).files;
    const fleet = seedFleet();
    fleet.addApp({ name: 'api', image: 'example/api:1.0.0', containerPort: 8080, nodePort: 30041, ingress: { host: 'api.example.com' } });
    const withApp = synthToTemp(fleet).files;
    assertKept(identitiesOf(seed), identitiesOf(withApp));
    for (const cluster of GKE_CLUSTERS) {
      const file = `terraform/stacks/cluster-${cluster}/cdk.tf.json`;
      assert.equal(withApp.get(file), seed.get(file), file);
    }
  });

  it('keeps the subnet of every region when a region is added', () => {
    const subnets = (files: Map<string, string>) => readStacks(files).get('gcp-network')!.resource.google_compute_subnetwork;
    const before = subnets(synthToTemp(seedFleet()).files);
    const fleet = seedFleet();
    fleet.addCluster({ name: 'a-first-region', cloud: 'gcp', region: 'africa-south1' });
    const after = subnets(synthToTemp(fleet).files);
    for (const id of Object.keys(before)) assert.deepEqual(after[id], before[id], id);
  });
});

describe('agreement between the Kubernetes output and the load balancer', () => {
  it('refuses, before writing anything, a NodePort that an escape hatch changed on one side only', () => {
    const outdir = path.join(tempDir(), 'dist');
    synth(seedFleet(), { outdir });
    const before = readTree(outdir);
    const kubernetes = {
      extend: (chart: { cluster: { name: string }; workloads: ReadonlyMap<string, { service: unknown }> }) => {
        if (chart.cluster.name !== 'us-east1') return;
        ApiObject.of(chart.workloads.get('get-region')!.service as never).addJsonPatch(JsonPatch.replace('/spec/ports/0/nodePort', 30099));
      },
    };
    assert.throws(() => synth(seedFleet(), { outdir, kubernetes: kubernetes as never }), (e: unknown) => {
      assert.ok(e instanceof OutputDisagreementError);
      assert.equal(e.problems.length, 1);
      assert.match(e.problems[0], /app "get-region" in cluster "us-east1": the Service listens on NodePort 30099, the load balancer's health check probes 30040/);
      return true;
    });
    assert.deepEqual(readTree(outdir), before);
  });

  it('refuses a health check port changed by a Terraform escape hatch', () => {
    const terraform = {
      extend: (stack: { stackName: string; node: { findAll(): unknown[] } }) => {
        if (stack.stackName !== 'gcp-global-lb') return;
        for (const c of stack.node.findAll()) if (c instanceof ComputeHealthCheck) c.httpHealthCheck.port = 31000;
      },
    };
    assert.throws(() => synthToTemp(seedFleet(), { terraform: terraform as never }), /health check probes 31000/);
  });
});

describe('provider imports', () => {
  it('imports every provider class by deep path, never from a provider root', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && /from '@cdktf\/provider-(google|aws)'|require\('@cdktf\/provider-(google|aws)'\)/.test(fs.readFileSync(full, 'utf8'))) offenders.push(full);
      }
    };
    for (const dir of ['lib', 'test', 'bench']) walk(path.join(__dirname, '..', '..', dir));
    assert.deepEqual(offenders, []);
  });
});
