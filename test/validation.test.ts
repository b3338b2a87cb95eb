import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  ControlPlaneAccess,
  EnvValue, Fleet, FleetValidationError, Placement, Replicas, synth, type AppProps, type ClusterProps, DnsZone, type Problem,
} from '../lib';
import { tempDir } from './support/synth';

const GKE: ClusterProps = { name: 'us-central1', cloud: 'gcp', region: 'us-central1' };
const EKS: ClusterProps = { name: 'eu-west-1', cloud: 'aws', region: 'eu-west-1' };
const APP: AppProps = { name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } };

/** The problems of a fleet of the given clusters and apps (a valid GKE + EKS pair and one app by default). */
function problemsOf(options: { clusters?: ClusterProps[]; apps?: AppProps[]; name?: string; project?: string | null; dns?: DnsZone | null } = {}): Problem[] {
  const project = options.project === null ? undefined : options.project ?? 'my-project';
  const dns = options.dns === null ? undefined : options.dns ?? DnsZone.route53({ zoneName: 'example.com' });
  const fleet = new Fleet({ controlPlaneAccess: ControlPlaneAccess.privateOnly(), ...(options.name !== undefined ? { name: options.name } : {}), ...(project !== undefined ? { gcp: { project } } : {}), ...(dns ? { dns } : {}) });
  for (const c of options.clusters ?? [GKE, EKS]) fleet.addCluster(c);
  for (const a of options.apps ?? [APP]) fleet.addApp(a);
  try {
    fleet.plan();
    return [];
  } catch (e) {
    assert.ok(e instanceof FleetValidationError, `expected a FleetValidationError, got ${e}`);
    return [...e.problems];
  }
}

/** Asserts that exactly one problem is at `path`, and that its message contains every fragment. */
function assertProblem(problems: Problem[], path: string, ...fragments: string[]): void {
  const at = problems.filter((p) => p.path === path);
  assert.equal(at.length, 1, `expected one problem at ${path}, got:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  for (const fragment of fragments) assert.ok(at[0].message.includes(fragment), `"${at[0].message}" should mention "${fragment}"`);
}

describe('a valid declaration', () => {
  it('has no problems', () => {
    assert.deepEqual(problemsOf(), []);
  });
});

describe('cluster rules', () => {
  it('rejects a cluster name that is not a DNS-1123 label', () => {
    assertProblem(problemsOf({ clusters: [GKE, { ...EKS, name: 'EU_West' }] }), 'clusters[1].name', '"EU_West"', 'DNS-1123 label');
  });

  it('rejects a duplicate cluster name, naming the first', () => {
    assertProblem(problemsOf({ clusters: [GKE, EKS, { ...EKS, region: 'us-east-1' }] }), 'clusters[2].name', '"eu-west-1" is already the name of clusters[1]');
  });

  it('rejects an unknown cloud', () => {
    assertProblem(problemsOf({ clusters: [GKE, { ...EKS, cloud: 'azure' } as unknown as ClusterProps] }), 'clusters[1].cloud', '"azure"', '"gcp", "aws"');
  });

  it('rejects an unknown region and suggests the closest', () => {
    assertProblem(problemsOf({ clusters: [{ ...GKE, region: 'us-centrall1' }, EKS] }), 'clusters[0].region', '"us-centrall1" is not a GCP region', 'did you mean "us-central1"?');
    assertProblem(problemsOf({ clusters: [GKE, { ...EKS, region: 'eu-west-9' }] }), 'clusters[1].region', '"eu-west-9" is not a AWS region');
  });

  it('rejects a region of the other cloud', () => {
    assertProblem(problemsOf({ clusters: [{ ...GKE, region: 'eu-west-1' }, EKS] }), 'clusters[0].region', 'not a GCP region');
  });

  it('rejects zones outside the region, listed twice, or too few for EKS', () => {
    assertProblem(problemsOf({ clusters: [{ ...GKE, zones: ['us-central1-a', 'us-east1-b'] }, EKS] }), 'clusters[0].zones[1]', '"us-east1-b" is not a zone of us-central1', 'us-central1-f');
    assertProblem(problemsOf({ clusters: [GKE, { ...EKS, zones: ['eu-west-1a', 'eu-west-1a'] }] }), 'clusters[1].zones[1]', 'listed twice');
    assertProblem(problemsOf({ clusters: [GKE, { ...EKS, zones: ['eu-west-1a'] }] }), 'clusters[1].zones', 'at least 2 zones');
  });

  it('rejects a weight that is not a positive whole number', () => {
    assertProblem(problemsOf({ clusters: [{ ...GKE, weight: 0 }, EKS] }), 'clusters[0].weight', '0 is not a valid weight');
    assertProblem(problemsOf({ clusters: [{ ...GKE, weight: 1.5 }, EKS] }), 'clusters[0].weight', '1.5');
  });

  it('rejects invalid labels', () => {
    assertProblem(problemsOf({ clusters: [{ ...GKE, labels: { 'bad key!': 'x' } }, EKS] }), 'clusters[0].labels', 'key "bad key!"');
    assertProblem(problemsOf({ clusters: [{ ...GKE, labels: { tier: 'not valid' } }, EKS] }), 'clusters[0].labels.tier', '"not valid" is not a label value');
  });

  it('rejects a node pool whose maximum is below its minimum', () => {
    assertProblem(problemsOf({ clusters: [{ ...GKE, nodePool: { minNodes: 5, maxNodes: 2 } }, EKS] }), 'clusters[0].nodePool.maxNodes', '2 is below minNodes (5)');
  });

  it('rejects an unknown GKE release channel and an EKS version that is not one', () => {
    assertProblem(problemsOf({ clusters: [{ ...GKE, gke: { releaseChannel: 'FAST' as never } }, EKS] }), 'clusters[0].gke.releaseChannel', '"FAST"', 'RAPID, REGULAR, STABLE');
    assertProblem(problemsOf({ clusters: [GKE, { ...EKS, eks: { kubernetesVersion: 'latest' } }] }), 'clusters[1].eks.kubernetesVersion', '"latest"');
  });
});

describe('GCP rules', () => {
  it('rejects a GKE cluster name that GKE does not accept', () => {
    assertProblem(problemsOf({ clusters: [{ ...GKE, name: `a${'b'.repeat(40)}` }, EKS] }), 'clusters[0].name', 'at most 40 characters');
    assertProblem(problemsOf({ clusters: [{ ...GKE, name: '1-central' }, EKS] }), 'clusters[0].name', 'start with a letter');
  });

  it('refuses a control plane open to the whole internet, and a block that is not one', () => {
    const open = problemsOf({ clusters: [{ ...GKE, gke: { authorizedNetworks: [{ cidr: '0.0.0.0/0', name: 'all' }] } }, EKS] });
    assertProblem(open, 'clusters[0].gke.authorizedNetworks[0].cidr', 'whole internet (CKV_GCP_18)');
    assertProblem(problemsOf({ clusters: [{ ...GKE, gke: { authorizedNetworks: [{ cidr: '10.0.0.1/8', name: 'x' }] } }, EKS] }), 'clusters[0].gke.authorizedNetworks[0].cidr', 'host bits zero');
  });

  it('rejects subnet ranges that overlap, are not CIDR blocks, or name a region without GKE cluster', () => {
    const gcp = (subnetCidrs: Record<string, string>) => {
      const fleet = new Fleet({ controlPlaneAccess: ControlPlaneAccess.privateOnly(), gcp: { project: 'my-project', network: { subnetCidrs } } });
      fleet.addCluster(GKE);
      fleet.addCluster({ ...GKE, name: 'europe-west1', region: 'europe-west1' });
      try {
        fleet.plan();
        return [];
      } catch (e) {
        return [...(e as FleetValidationError).problems];
      }
    };
    assertProblem(gcp({ 'us-central1': '10.0.0.0/16', 'europe-west1': '10.0.16.0/20' }), 'gcp.network.subnetCidrs.us-central1', 'overlaps the subnet of europe-west1');
    assertProblem(gcp({ 'us-central1': '10.0.0.0' }), 'gcp.network.subnetCidrs.us-central1', 'is not an IPv4 CIDR block');
    assertProblem(gcp({ 'asia-east1': '10.9.0.0/20' }), 'gcp.network.subnetCidrs.asia-east1', 'no GKE cluster is in "asia-east1"');
  });

  it('rejects a WAF rule that is not a preconfigured rule name, and a log sample rate above 1', () => {
    const fleet = new Fleet({ controlPlaneAccess: ControlPlaneAccess.privateOnly(), gcp: { project: 'my-project', cloudArmor: { wafRules: ['drop tables'] } } });
    fleet.addCluster(GKE);
    fleet.addApp({ ...APP, loadBalancing: { gcp: { logSampleRate: 2 } } });
    assert.throws(() => fleet.plan(), (e: unknown) => {
      const problems = [...(e as FleetValidationError).problems];
      assertProblem(problems, 'gcp.cloudArmor.wafRules[0]', '"drop tables" is not a preconfigured WAF rule name');
      assertProblem(problems, 'apps.web.loadBalancing.gcp.logSampleRate', '2 must be a share from 0 to 1');
      return true;
    });
  });
});

describe('AWS and DNS rules', () => {
  it('refuses an EKS control plane open to the whole internet, a bad admin ARN and a VPC range that is not a /16', () => {
    const problems = problemsOf({ clusters: [GKE, { ...EKS, eks: { publicAccessCidrs: ['0.0.0.0/0'], adminPrincipalArns: ['admins'], vpcCidr: '10.0.0.0/20' } }] });
    assertProblem(problems, 'clusters[1].eks.publicAccessCidrs[0]', 'whole internet (CKV_AWS_38)');
    assertProblem(problems, 'clusters[1].eks.adminPrincipalArns[0]', '"admins" is not an IAM role or user ARN');
    assertProblem(problems, 'clusters[1].eks.vpcCidr', 'must be a /16');
  });

  it('rejects an existing VPC with malformed ids or a single private subnet', () => {
    const problems = problemsOf({ clusters: [GKE, { ...EKS, eks: { existingVpc: { vpcId: 'my-vpc', privateSubnetIds: ['subnet-0123456789abcdef0'], publicSubnetIds: ['subnet-0123456789abcdef1'] } } }] });
    assertProblem(problems, 'clusters[1].eks.existingVpc.vpcId', '"my-vpc" is not a VPC id');
    assertProblem(problems, 'clusters[1].eks.existingVpc.privateSubnetIds', 'at least two availability zones');
  });

  it('accepts an EKS cluster that serves no app with a host, as a GKE cluster (issue #13)', () => {
    const apps = [{ ...APP, placement: Placement.clusters('us-central1') }];
    assert.deepEqual(problemsOf({ apps }), []);
  });

  it('rejects a hosted zone id that is not one, and a zone without id or name', () => {
    assertProblem(problemsOf({ dns: DnsZone.route53({ zoneId: 'example.com' }) }), 'dns.route53.zoneId', '"example.com" is not a Route53 hosted zone id', 'not the zone\'s name');
    assertProblem(problemsOf({ dns: DnsZone.route53({}) }), 'dns.route53', 'needs zoneId');
    assert.deepEqual(problemsOf({ dns: DnsZone.route53({ zoneId: 'Z0123456789ABCDEFGHIJ' }) }), []);
  });

  it('requires DNS where NLBs serve hosts, and hosts inside the zone', () => {
    assertProblem(problemsOf({ dns: null }), 'dns', 'is required: "web" is served over HTTPS by Terraform\'s load balancers on EKS');
    assertProblem(problemsOf({ dns: DnsZone.route53({ zoneName: 'example.org' }) }), 'apps.web.ingress.host', '"web.example.com" is not in the DNS zone "example.org"');
  });

  it('serves service-owned load balancers over HTTPS: a certificate per region, on port 443', () => {
    const problems = problemsOf({ apps: [{ ...APP, loadBalancing: { aws: { loadBalancer: 'service', certificateArns: { 'us-east-1': 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } } } }] });
    assertProblem(problems, 'apps.web.loadBalancing.aws.certificateArns', 'has no certificate for eu-west-1');
    assertProblem(problems, 'apps.web.servicePort', '80: a service-owned load balancer listens on the Service port; set servicePort: 443');
    const wrongRegion = problemsOf({ apps: [{ ...APP, servicePort: 443, loadBalancing: { aws: { loadBalancer: 'service', certificateArns: { 'eu-west-1': 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } } } }] });
    assertProblem(wrongRegion, 'apps.web.loadBalancing.aws.certificateArns.eu-west-1', 'is not an ACM certificate ARN of eu-west-1');
  });

  it('publishes in one DNS service, and keeps Cloud DNS in the fleet project', () => {
    // A plain object, as an untyped caller would give (the shape of versions before DnsZone), is refused.
    const plain = { route53: { zoneName: 'example.com' } } as unknown as DnsZone;
    assertProblem(problemsOf({ dns: plain }), 'dns', 'is not a DnsZone; use DnsZone.route53({ zoneName }) or DnsZone.cloudDns({ zoneName })');
    assertProblem(problemsOf({ dns: DnsZone.route53({ zoneName: 'example.com', healthCheckInterval: 20 as 30 }) }), 'dns.route53.healthCheckInterval', '20 is not a Route53 health check interval');
    assertProblem(problemsOf({ dns: DnsZone.cloudDns({ zoneName: 'example.com', ttl: -1 }) }), 'dns.cloudDns.ttl', '-1 is not a TTL');
    assertProblem(problemsOf({ project: null, clusters: [EKS], dns: DnsZone.cloudDns({ zoneName: 'example.com' }) }), 'dns.cloudDns', 'needs gcp.project');
  });
});

describe('fleet rules', () => {
  it('requires a GCP project when the fleet has GKE clusters, and checks it', () => {
    assertProblem(problemsOf({ project: null }), 'gcp.project', 'is required');
    assertProblem(problemsOf({ project: 'My Project' }), 'gcp.project', '"My Project" is not a Google Cloud project id');
    assert.deepEqual(problemsOf({ project: null, clusters: [EKS] }), []);
  });

  it('rejects a fleet name that cannot prefix cloud resource names', () => {
    assertProblem(problemsOf({ name: 'a-fleet-name-that-is-far-too-long' }), 'name', 'at most 20 characters');
  });
});

describe('app rules', () => {
  it('rejects an app name that is not a DNS-1035 label, and a duplicate one', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, name: '1web' }] }), 'apps[0].name', '"1web" is not a DNS-1035 label');
    assertProblem(problemsOf({ apps: [APP, { ...APP, nodePort: 30081, ingress: { host: 'other.example.com' } }] }), 'apps[1].name', '"web" is already the name of apps[0]');
  });

  it('rejects an image without a tag or digest, with the tag latest, or that is not a reference', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, image: 'example/web' }] }), 'apps.web.image', 'has no tag or digest', '"example/web:1.2.3"');
    assertProblem(problemsOf({ apps: [{ ...APP, image: 'example/web:latest' }] }), 'apps.web.image', '"latest"');
    assertProblem(problemsOf({ apps: [{ ...APP, image: 'Example/Web:1' }] }), 'apps.web.image', 'is not a container image reference');
  });

  it('accepts registry ports, nested repositories and digests', () => {
    assert.deepEqual(problemsOf({ apps: [{ ...APP, image: `registry.local:5000/a/b/c:1.0@sha256:${'0'.repeat(64)}` }] }), []);
  });

  it('rejects a NodePort out of range', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, nodePort: 8080 }] }), 'apps.web.nodePort', '8080 is not a valid NodePort (30000-32767); pick a free port in that range');
  });

  it('rejects a NodePort used twice in a cluster, naming the cluster', () => {
    const problems = problemsOf({ apps: [APP, { ...APP, name: 'api', ingress: { host: 'api.example.com' } }] });
    assertProblem(problems, 'apps.api.nodePort', '30080 is already used by app "web" in clusters "eu-west-1", "us-central1"');
  });

  it('allows the same NodePort for apps that share no cluster', () => {
    const apps = [
      { ...APP, placement: Placement.clusters('us-central1') },
      { ...APP, name: 'api', ingress: { host: 'api.example.com' }, placement: Placement.clusters('eu-west-1') },
    ];
    assert.deepEqual(problemsOf({ apps }), []);
  });

  it('requires a NodePort when a load balancer reaches the app through its nodes', () => {
    const { nodePort: _, ...withoutNodePort } = APP;
    assertProblem(problemsOf({ apps: [withoutNodePort] }), 'apps.web.nodePort', 'is required', 'eu-west-1, us-central1');
    const certificateArns = { 'eu-west-1': 'arn:aws:acm:eu-west-1:123456789012:certificate/0b6a5b1c-1234-4cde-8f00-123456789abc' };
    assert.deepEqual(problemsOf({ apps: [{ ...withoutNodePort, servicePort: 443, loadBalancing: { gcp: { backend: 'neg' }, aws: { loadBalancer: 'service', certificateArns } } }] }), []);
  });

  it('rejects a placement that matches no cluster or names an unknown one', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, placement: Placement.matchLabels({ tier: 'edge' }) }] }), 'apps.web.placement', 'clusters labelled {"tier":"edge"} matches no cluster');
    const problems = problemsOf({ apps: [{ ...APP, placement: Placement.clusters('us-central1', 'asia-east1') }] });
    assertProblem(problems, 'apps.web.placement.clusters[1]', '"asia-east1" is not a cluster of the fleet');
  });

  it('rejects an override for an unknown cluster, or one the app is not placed on', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, overrides: { 'us-centrl1': { replicas: 2 } } }] }), 'apps.web.overrides.us-centrl1', 'did you mean "us-central1"?');
    assertProblem(problemsOf({ apps: [{ ...APP, placement: Placement.clusters('us-central1'), overrides: { 'eu-west-1': { replicas: 2 } } }] }), 'apps.web.overrides.eu-west-1', 'not placed on cluster "eu-west-1"');
  });

  it('rejects negative replicas, per cluster and in an override', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, replicas: Replicas.perCluster(-1) }] }), 'apps.web.replicas', '-1 is not a replica count');
    assertProblem(problemsOf({ apps: [{ ...APP, overrides: { 'eu-west-1': { replicas: -2 } } }] }), 'apps.web.overrides.eu-west-1.replicas', '-2 is not a replica count');
  });

  it('rejects a divided total below the per-cluster minimums', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, replicas: Replicas.divided(3, { minPerCluster: 2 }) }] }), 'apps.web.replicas.total', '3 is below the per-cluster minimums: 2 placed clusters × minPerCluster 2 = 4');
  });

  it('rejects a minimum of zero, and a replicas override on a divided app', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, replicas: Replicas.divided(3, { minPerCluster: 0 }) }] }), 'apps.web.replicas.minPerCluster', 'at least 1');
    assertProblem(problemsOf({ apps: [{ ...APP, replicas: Replicas.divided(4), overrides: { 'eu-west-1': { replicas: 1 } } }] }), 'apps.web.overrides.eu-west-1.replicas', "change the cluster's weight");
  });

  it('rejects an ingress host that is not a DNS name, and a host and path routed twice', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, ingress: { host: 'web_example' } }] }), 'apps.web.ingress.host', '"web_example" is not a DNS name');
    assertProblem(problemsOf({ apps: [{ ...APP, ingress: { host: '*.example.com' } }] }), 'apps.web.ingress.host', 'no wildcard');
    const apps = [APP, { ...APP, name: 'api', nodePort: 30081 }];
    assertProblem(problemsOf({ apps }), 'apps.api.ingress', 'already routed to app "web"');
  });

  it('rejects invalid ports, paths, quantities and probe timings', () => {
    const problems = problemsOf({
      apps: [{
        ...APP,
        containerPort: 0,
        servicePort: 70000,
        ingress: { host: 'web.example.com', path: 'api' },
        readiness: { path: 'healthz', periodSeconds: 0 },
        resources: { cpuRequest: 'lots', memoryRequest: '2Gi', memoryLimit: '1Gi' },
      }],
    });
    assertProblem(problems, 'apps.web.containerPort', '0 is not a port');
    assertProblem(problems, 'apps.web.servicePort', '70000 is not a port');
    assertProblem(problems, 'apps.web.ingress.path', '"api" must be an absolute URL path');
    assertProblem(problems, 'apps.web.readiness.path', '"healthz" must be an absolute path');
    assertProblem(problems, 'apps.web.readiness.periodSeconds', '0 must be a whole number from 1 to 2147483647');
    assertProblem(problems, 'apps.web.resources.cpuRequest', '"lots" is not a Kubernetes quantity');
    assertProblem(problems, 'apps.web.resources.memoryRequest', '2Gi is above the limit 1Gi');
  });

  it('rejects a request above its limit that only an override creates, at the override', () => {
    const problems = problemsOf({ apps: [{ ...APP, overrides: { 'eu-west-1': { resources: { cpuRequest: '2' } } } }] });
    assertProblem(problems, 'apps.web.overrides.eu-west-1.resources.cpuRequest', '2 is above the limit 500m');
  });

  it('rejects a system namespace, a root user and a relative writable path', () => {
    const problems = problemsOf({ apps: [{ ...APP, namespace: 'kube-system', security: { runAsUser: 0, writablePaths: ['tmp'] } }] });
    assertProblem(problems, 'apps.web.namespace', 'system namespace');
    assertProblem(problems, 'apps.web.security.runAsUser', 'non-root user id');
    assertProblem(problems, 'apps.web.security.writablePaths[0]', 'absolute path');
  });

  it('rejects an env value that reads a label a placed cluster lacks, and a bad env name', () => {
    const problems = problemsOf({ clusters: [{ ...GKE, labels: { tier: 'edge' } }, EKS], apps: [{ ...APP, env: { TIER: EnvValue.fromClusterLabel('tier'), '1BAD': 'x' } }] });
    assertProblem(problems, 'apps.web.env.TIER', 'cluster "eu-west-1" has no label "tier"');
    assertProblem(problems, 'apps.web.env.1BAD', 'is not an environment variable name');
  });

  it('rejects an unknown load balancing style', () => {
    assertProblem(problemsOf({ apps: [{ ...APP, loadBalancing: { gcp: { backend: 'ig' as never } } }] }), 'apps.web.loadBalancing.gcp.backend', '"ig"', '"instance-groups", "neg"');
  });
});

describe('reporting', () => {
  it('reports every problem at once, in one error that names each path and value', () => {
    const fleet = new Fleet();
    fleet.addCluster({ name: 'Bad_Name', cloud: 'gcp', region: 'us-central9' });
    fleet.addCluster({ name: 'eu-west-1', cloud: 'aws', region: 'eu-west-1' });
    fleet.addApp({ ...APP, image: 'web:latest', nodePort: 99999, ingress: { host: 'not a host' } });
    assert.throws(() => fleet.plan(), (e: unknown) => {
      assert.ok(e instanceof FleetValidationError);
      const paths = e.problems.map((p) => p.path);
      for (const expected of ['clusters[0].name', 'clusters[0].region', 'gcp.project', 'apps.web.image', 'apps.web.nodePort', 'apps.web.ingress.host']) {
        assert.ok(paths.includes(expected), `${expected} missing from ${paths.join(', ')}`);
      }
      assert.match(e.message, /^Invalid fleet declaration \(\d+ problems\), nothing was written:\n/);
      assert.match(e.message, /  - apps\.web\.nodePort: 99999 is not a valid NodePort \(30000-32767\)/);
      return true;
    });
  });

  it('writes nothing when the declaration is invalid', () => {
    const outdir = path.join(tempDir(), 'dist');
    const fleet = new Fleet();
    fleet.addCluster({ name: 'x', cloud: 'aws', region: 'nowhere-1' });
    assert.throws(() => synth(fleet, { outdir }), FleetValidationError);
    assert.equal(fs.existsSync(outdir), false);
  });
});
