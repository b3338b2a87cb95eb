import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, Fleet, type AppProps } from '../lib';
import { problemsOf } from './support/fleets';
import { validateManifest } from './support/kubernetes-schema';
import { clusterManifests, find, synthToTemp, type Manifest } from './support/synth';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0b6a5b1c-1234-4cde-8f00-123456789abc';
const WEB: AppProps = { name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } };
const API: AppProps = {
  name: 'api', namespace: 'backend', image: 'example/api:1.0.0', containerPort: 9000, servicePort: 443, ingress: { host: 'api.example.com' },
  loadBalancing: { gcp: { backend: 'neg' }, aws: { loadBalancer: 'service', certificateArns: { 'eu-west-1': CERT } } },
};
const DB: AppProps = { name: 'db', image: 'example/db:1.0.0', containerPort: 5432 };

function fleetOf(...apps: AppProps[]): Fleet {
  const fleet = new Fleet({ gcp: { project: 'my-project', network: { subnetCidrs: { 'us-central1': '10.20.0.0/20' } } }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  fleet.addCluster({ name: 'gke', cloud: 'gcp', region: 'us-central1' });
  fleet.addCluster({ name: 'eks', cloud: 'aws', region: 'eu-west-1', eks: { vpcCidr: '10.40.0.0/16' } });
  for (const app of apps) fleet.addApp(app);
  return fleet;
}

const policyOf = (files: Map<string, string>, cluster: string, app: string) => find(clusterManifests(files, cluster), 'NetworkPolicy', app);
const cidrs = (rule: Manifest) => rule.from.map((p: Manifest) => p.ipBlock.cidr);

describe('network policies', () => {
  it('give every app one by default, selecting its pods, valid against the schema, with egress left open', async () => {
    const { files } = synthToTemp(fleetOf(WEB, API, DB));
    for (const cluster of ['gke', 'eks']) {
      for (const app of ['web', 'api', 'db']) {
        const policy = policyOf(files, cluster, app);
        const deployment = find(clusterManifests(files, cluster), 'Deployment', app);
        assert.deepEqual(policy.spec.podSelector, deployment.spec.selector);
        assert.equal(policy.metadata.namespace, deployment.metadata.namespace);
        assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
        assert.deepEqual(await validateManifest(policy), [], `${cluster}/${app}`);
      }
    }
  });

  it('let in only the load balancers\' paths, on the container port: GKE front ends and health checks, and the nodes behind a NodePort', () => {
    const { files } = synthToTemp(fleetOf(WEB, API, DB));
    const web = policyOf(files, 'gke', 'web').spec.ingress;
    assert.deepEqual(web.map(cidrs), [['130.211.0.0/22', '35.191.0.0/16', '10.20.0.0/20']]);
    assert.deepEqual(web[0].ports, [{ protocol: 'TCP', port: 8080 }]);
    // NEGs: the front ends reach the pods directly.
    assert.deepEqual(policyOf(files, 'gke', 'api').spec.ingress.map(cidrs), [['130.211.0.0/22', '35.191.0.0/16']]);
  });

  it('let in the VPC for the shared ALB and a controller-owned NLB (IP targets) on EKS, and any address for an app\'s own NLB to NodePorts, which keeps the client\'s', () => {
    const { files } = synthToTemp(fleetOf(WEB, API, DB));
    assert.deepEqual(policyOf(files, 'eks', 'api').spec.ingress.map(cidrs), [['10.40.0.0/16']]);
    assert.deepEqual(policyOf(files, 'eks', 'api').spec.ingress[0].ports, [{ protocol: 'TCP', port: 9000 }]);
    assert.deepEqual(policyOf(files, 'eks', 'web').spec.ingress.map(cidrs), [['10.40.0.0/16']]);
    const nlb = synthToTemp(fleetOf({ ...WEB, loadBalancing: { aws: { loadBalancer: 'nlb' } } }, API, DB)).files;
    assert.deepEqual(policyOf(nlb, 'eks', 'web').spec.ingress.map(cidrs), [['0.0.0.0/0']]);
  });

  it('deny all ingress to an internal app nobody is let in to', () => {
    const { files } = synthToTemp(fleetOf(WEB, DB));
    for (const cluster of ['gke', 'eks']) assert.deepEqual(policyOf(files, cluster, 'db').spec.ingress, []);
  });

  it('let in the apps listed as callers, by namespace and app label, and address ranges', () => {
    const { files } = synthToTemp(fleetOf(WEB, API, { ...DB, networkPolicy: { allowFrom: ['api', 'web'], allowFromCidrs: ['10.99.0.0/16'] } }));
    const ingress = policyOf(files, 'eks', 'db').spec.ingress;
    assert.deepEqual(ingress, [{
      from: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backend' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } },
        { ipBlock: { cidr: '10.99.0.0/16' } },
      ],
      ports: [{ protocol: 'TCP', port: 5432 }],
    }]);
  });

  it('restrict egress when asked: DNS, then the listed apps on their port and the listed ranges', async () => {
    const { files } = synthToTemp(fleetOf(WEB, { ...API, networkPolicy: { egress: { toApps: ['db'], toCidrs: ['203.0.113.0/24'] } } }, DB));
    const policy = policyOf(files, 'gke', 'api');
    assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(policy.spec.egress, [
      { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'db' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
      { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }] },
    ]);
    assert.deepEqual(await validateManifest(policy), []);
  });

  it('let in more callers in a cluster that overrides it, there only', () => {
    const { files } = synthToTemp(fleetOf(WEB, API, { ...DB, networkPolicy: { allowFrom: ['web'] }, overrides: { eks: { networkPolicy: { allowFrom: ['api', 'web'] } } } }));
    const callers = (cluster: string) => policyOf(files, cluster, 'db').spec.ingress[0].from.map((p: Manifest) => p.podSelector.matchLabels['app.kubernetes.io/name']);
    assert.deepEqual(callers('gke'), ['web']);
    assert.deepEqual(callers('eks'), ['web', 'api']);
    const problems = problemsOf(fleetOf(WEB, { ...DB, networkPolicy: { enabled: false }, overrides: { eks: { networkPolicy: { allowFrom: ['web'] } } } }));
    assert.deepEqual(problems.map((p) => p.path), ['apps.db.overrides.eks.networkPolicy']);
  });

  it('are left out for an app that opts out', () => {
    const { files } = synthToTemp(fleetOf(WEB, { ...DB, networkPolicy: { enabled: false } }));
    assert.ok(!clusterManifests(files, 'gke').some((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'db'));
    assert.ok(clusterManifests(files, 'gke').some((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'web'));
  });

  it('refuse unknown apps, bad ranges and repeats, all at once', () => {
    const problems = problemsOf(fleetOf(WEB, { ...DB, networkPolicy: { allowFrom: ['webb', 'web', 'web'], allowFromCidrs: ['10.0.0.1/8'], egress: { toApps: ['nope'], toCidrs: ['any'] } } }));
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      'apps.db.networkPolicy.allowFromCidrs[0]', 'apps.db.networkPolicy.allowFrom[0]', 'apps.db.networkPolicy.allowFrom[2]',
      'apps.db.networkPolicy.egress.toApps[0]', 'apps.db.networkPolicy.egress.toCidrs[0]',
    ]);
    assert.match(problems.find((p) => p.path === 'apps.db.networkPolicy.allowFrom[0]')!.message, /did you mean "web"/);
  });

  it('are enforced on EKS: the VPC CNI add-on with network policy on, in every EKS cluster stack', () => {
    const { files } = synthToTemp(fleetOf(WEB));
    const stack = JSON.parse(files.get('terraform/stacks/cluster-eks/cdk.tf.json')!);
    const addon = stack.resource.aws_eks_addon['vpc-cni'];
    assert.equal(addon.addon_name, 'vpc-cni');
    assert.deepEqual(JSON.parse(addon.configuration_values), { enableNetworkPolicy: 'true' });
    assert.equal(addon.cluster_name, '${aws_eks_cluster.cluster.name}');
    // GKE enforces them with Dataplane V2.
    const gke = JSON.parse(files.get('terraform/stacks/cluster-gke/cdk.tf.json')!);
    assert.equal(gke.resource.google_container_cluster.cluster.datapath_provider, 'ADVANCED_DATAPATH');
  });
});
