import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Fleet, synth, type ClusterProps } from '../lib';
import { ChangeSummary } from '../lib/review/change-summary';
import { replacementOf } from '../lib/review/replacement-rules';
import { seedFleet, seedOptions } from './support/fleets';
import { readTree, synthToTemp } from './support/synth';

/** The default fleet, changed by `change` before it is synthesized. */
function seedWith(change: (clusters: ClusterProps[]) => ClusterProps[], image?: string): Fleet {
  const seed = seedFleet();
  const fleet = new Fleet(seed.props);
  for (const c of change(seed.clusters.map((x) => x.props))) fleet.addCluster(c);
  for (const a of seed.apps) fleet.addApp(image ? { ...a.props, image } : a.props);
  return fleet;
}

/** Synthesizes the default fleet into a folder, then `fleet` as a dry run against it: what `diff` prints. */
function changesFrom(fleet: Fleet, acknowledgeRemovals: string[] = []): ChangeSummary {
  const { outdir } = synthToTemp(seedFleet(), seedOptions());
  const before = readTree(outdir);
  const result = synth(fleet, { ...seedOptions(), outdir, dryRun: true, acknowledgeRemovals });
  assert.deepEqual(readTree(outdir), before, 'a dry run writes nothing');
  return result.changes;
}

describe('the change summary', () => {
  it('is empty when the output is up to date', () => {
    const { outdir } = synthToTemp(seedFleet(), seedOptions());
    const again = synth(seedFleet(), { ...seedOptions(), outdir });
    assert.equal(again.changes.isEmpty, true);
    assert.equal(again.changes.format(), 'No changes: the output is up to date.\n');
  });

  it('lists a new cluster\'s objects and stack, and the records and certificates it adds, with no danger', () => {
    const changes = changesFrom(seedWith((c) => [...c, { name: 'ap-southeast-2', cloud: 'aws', region: 'ap-southeast-2' }]));
    const group = (kind: string, name: string) => changes.groups.find((g) => g.kind === kind && g.name === name);
    assert.equal(group('cluster', 'ap-southeast-2')?.change, 'added');
    assert.deepEqual(group('cluster', 'ap-southeast-2')?.objects.map((o) => o.name), [
      'ClusterRole cluster-autoscaler', 'ClusterRoleBinding cluster-autoscaler',
      'Deployment get-region/get-region', 'Deployment kube-system/cluster-autoscaler', 'Deployment queue-worker/queue-worker',
      'HorizontalPodAutoscaler get-region/get-region', 'HorizontalPodAutoscaler queue-worker/queue-worker',
      'Namespace get-region', 'Namespace queue-worker', 'NetworkPolicy get-region/get-region', 'NetworkPolicy queue-worker/queue-worker',
      'PodDisruptionBudget get-region/get-region', 'PodDisruptionBudget queue-worker/queue-worker', 'Role kube-system/cluster-autoscaler',
      'RoleBinding kube-system/cluster-autoscaler', 'Service get-region/get-region',
      'ServiceAccount get-region/get-region', 'ServiceAccount kube-system/cluster-autoscaler', 'ServiceAccount queue-worker/queue-worker',
    ]);
    assert.equal(group('stack', 'cluster-ap-southeast-2')?.change, 'added');
    assert.ok(group('stack', 'aws-certificates')?.objects.some((o) => o.change === 'added' && o.name === 'aws_acm_certificate.certificate-ap-southeast-2-get-region'));
    assert.ok(group('stack', 'global-dns-get-region')?.objects.some((o) => o.name === 'aws_route53_record.latency-get-region-ap-southeast-2'));
    // The other clusters' manifests and stacks do not change.
    assert.deepEqual(changes.groups.filter((g) => g.kind === 'cluster').map((g) => g.name), ['ap-southeast-2']);
    assert.equal(group('stack', 'cluster-us-west-2'), undefined);
    assert.deepEqual(changes.dangers, []);
  });

  it('names the default quotas the fleet passes beside its Terraform changes, and not beside Kubernetes changes alone', () => {
    const second = changesFrom(seedWith((c) => [...c, { name: 'us-west-2b', cloud: 'aws', region: 'us-west-2' }]));
    assert.ok(second.exceededQuotas.includes('aws us-west-2: EC2-VPC Elastic IPs (L-0263D0A3), 6 needed, 5 by default'), second.exceededQuotas.join('\n'));
    assert.match(second.format(), /Quotas past their defaults, to raise before `terraform apply`[^\n]*\n(  .*\n)*  aws us-west-2: EC2-VPC Elastic IPs \(L-0263D0A3\), 6 needed, 5 by default\n/);
    const image = changesFrom(seedWith((c) => c, 'hashicorp/http-echo:1.0.1'));
    assert.equal(image.groups.some((g) => g.kind === 'stack'), false);
    assert.doesNotMatch(image.format(), /Quotas past their defaults/);
  });

  it('names the fields that change: the image of a Deployment, the minimum of its autoscaler', () => {
    const seed = seedFleet();
    const fleet = new Fleet(seed.props);
    for (const c of seed.clusters) fleet.addCluster(c.props);
    fleet.addApp({ ...seed.apps[0].props, overrides: { 'europe-west1': { image: 'hashicorp/http-echo:1.0.1', autoscaling: { minReplicas: 6 } } } });
    for (const a of seed.apps.slice(1)) fleet.addApp(a.props);
    const text = changesFrom(fleet).format();
    assert.match(text, /^cluster europe-west1: 0 added, 2 changed, 0 removed$/m);
    assert.match(text, /^ {2}~ Deployment get-region\/get-region: containers\[get-region\]\.image hashicorp\/http-echo:1\.0\.0 → hashicorp\/http-echo:1\.0\.1$/m);
    assert.match(text, /^ {2}~ HorizontalPodAutoscaler get-region\/get-region: spec\.minReplicas 4 → 6$/m);
    assert.doesNotMatch(text, /^cluster us-central1/m);
  });

  it('marks a change that replaces a cloud resource, and names the attribute', () => {
    const changes = changesFrom(seedWith((cs) => cs.map((c) => (c.name === 'us-west-2' ? { ...c, nodePool: { machineType: 'm6i.xlarge' } } : c))));
    const nodes = changes.groups.find((g) => g.name === 'cluster-us-west-2')?.objects.find((o) => o.name === 'aws_eks_node_group.nodes');
    assert.equal(nodes?.danger, 'replace');
    assert.deepEqual(nodes?.fields.map((f) => [f.path, f.danger]), [['instance_types[0]', 'replace']]);
    assert.deepEqual(changes.dangers, ['stack cluster-us-west-2: aws_eks_node_group.nodes replaced (instance_types[0])']);
    assert.match(changes.format(), /!! REPLACED/);
    assert.match(changes.format(), /^!! 1 change destroys or replaces what runs now:$/m);
  });

  it('marks every resource of a removed stack as destroyed', () => {
    const changes = changesFrom(seedWith((cs) => cs.filter((c) => c.name !== 'asia-east1')), ['cluster-asia-east1']);
    const stack = changes.groups.find((g) => g.kind === 'stack' && g.name === 'cluster-asia-east1');
    assert.equal(stack?.change, 'removed');
    assert.ok(stack!.objects.filter((o) => o.name.startsWith('google_')).every((o) => o.change === 'removed' && o.danger === 'destroy'));
    assert.ok(stack!.objects.some((o) => o.name === 'google_container_cluster.cluster' && o.danger === 'destroy'));
    assert.ok(changes.dangers.some((d) => /^stack cluster-asia-east1 is removed: \d+ resources destroyed$/.test(d)), changes.dangers.join('\n'));
  });

  it('marks a changed Deployment selector, which kubectl cannot apply', () => {
    const deployment = (app: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: web\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n`;
    const changes = ChangeSummary.of([{ name: 'kubernetes', directory: '/out/kubernetes', hadPreviousOutput: true, files: [{ path: 'c1/app-web.yaml', before: deployment('web'), after: deployment('web-v2') }] }]);
    assert.deepEqual(changes.dangers, ['cluster c1: Deployment web/web selector changes (immutable: delete and re-create the Deployment) (spec.selector.matchLabels.app)']);
  });

  it('is the same for the same change, and is never written into the output', () => {
    const fleet = () => seedWith((c) => [...c, { name: 'ap-southeast-2', cloud: 'aws', region: 'ap-southeast-2' }]);
    assert.equal(changesFrom(fleet()).format(), changesFrom(fleet()).format());
    // The output depends on the declaration alone: synthesizing over an older output gives a fresh synth's files.
    const { outdir } = synthToTemp(seedFleet(), seedOptions());
    synth(fleet(), { ...seedOptions(), outdir });
    const fresh = synthToTemp(fleet(), seedOptions()).files;
    const owned = new Map([...readTree(outdir)].filter(([f]) => fresh.has(f)));
    assert.deepEqual(owned, fresh);
  });

  it('knows the replacement-forcing arguments of the resources we emit, nested ones included', () => {
    assert.equal(replacementOf('google_container_cluster', 'location'), 'replace');
    assert.equal(replacementOf('google_container_cluster', 'private_cluster_config.master_ipv4_cidr_block'), 'replace');
    assert.equal(replacementOf('aws_lb', 'internal'), 'replace');
    assert.equal(replacementOf('aws_subnet', 'cidr_block'), 'replace');
    assert.equal(replacementOf('google_compute_subnetwork', 'ip_cidr_range'), 'may-replace');
    // Updated in place since hashicorp/aws 5.25.
    assert.equal(replacementOf('aws_eks_cluster', 'vpc_config.subnet_ids'), undefined);
    assert.equal(replacementOf('aws_eks_node_group', 'scaling_config.max_size'), undefined);
  });
});
