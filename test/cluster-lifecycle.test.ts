import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { ClusterLifecycle, Fleet, Replicas, synth, type ClusterProps } from '../lib';
import { applySteps } from '../lib/terraform/apply-order';
import { OrphaningRemovalError } from '../lib/review/removal-guard';
import { richFleet, seedFleet, seedOptions } from './support/fleets';
import { readTree, tempDir } from './support/synth';
import { terraformEnv, usesOnlyAws } from './support/terraform';
import { applyOffline, destroyed, plan, prepare, summary } from './support/terraform-plan';
import { readStacks, type TerraformJson } from './support/terraform-graph';

const run = promisify(execFile);

type Stage = 'active' | 'drain' | 'retire' | 'deleted';

/** The default fleet (EKS zones declared, for the offline plan) with eu-west-1 at `stage`. */
function fleetWith(cluster: string, stage: Stage): Fleet {
  const seed = seedFleet();
  const fleet = new Fleet(seed.props);
  for (const c of seed.clusters.map((x) => x.props)) {
    if (c.name === cluster && stage === 'deleted') continue;
    const zoned: ClusterProps = c.cloud === 'aws' ? { ...c, zones: ['a', 'b', 'c'].map((z) => `${c.region}${z}`) } : c;
    const lifecycle = stage === 'drain' ? ClusterLifecycle.drain() : stage === 'retire' ? ClusterLifecycle.retire() : undefined;
    fleet.addCluster(c.name === cluster && lifecycle ? { ...zoned, lifecycle } : zoned);
  }
  for (const a of seed.apps) fleet.addApp(a.props);
  return fleet;
}

/**
 * Every file of the output and the states beside it, without Terraform's working folders (`.terraform/` links to
 * the provider mirror): what a synthesis must leave as it was when it refuses.
 */
function readOutput(dir: string, sub = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    const rel = path.join(sub, entry.name);
    if (entry.name === '.terraform' || entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) for (const [f, c] of readOutput(dir, rel)) files.set(f, c);
    else files.set(rel, fs.readFileSync(path.join(dir, rel), 'utf8'));
  }
  return files;
}

/** The AWS stacks of the output in `outdir`, in apply order. */
function awsStacksInOrder(outdir: string): { name: string; json: TerraformJson }[] {
  const files = readOutput(outdir);
  const manifest = JSON.parse(files.get('terraform/manifest.json')!);
  const stacks = readStacks(files);
  const ordered = Object.values<any>(manifest.stacks).map((s) => ({ name: s.name, description: '', dependencies: s.dependencies }));
  return applySteps(ordered).flat().map((s) => ({ name: s.name, json: stacks.get(s.name)! })).filter((s) => usesOnlyAws(s.json));
}

/** GCP stacks have no provider offline: a state of their outputs stands for them, for the stacks that read them. */
function fakeGcpStates(outdir: string): void {
  for (const [name, json] of readStacks(readOutput(outdir))) {
    if (usesOnlyAws(json)) continue;
    const outputs = Object.fromEntries(Object.keys(json.output ?? {}).map((o) => [o, { value: o === 'ip_address' ? '203.0.113.10' : `placeholder-${o}`, type: 'string' }]));
    fs.writeFileSync(path.join(outdir, 'terraform', 'stacks', name, 'terraform.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'gcp', outputs, resources: [] }));
  }
}

const prepared = new Map<string, string>();

/** `prepare` (writes the stack and the offline override, `terraform init`), once per configuration of a folder. */
async function prepareOnce(dir: string, json: TerraformJson): Promise<void> {
  const config = JSON.stringify(json);
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), config);
  if (prepared.get(dir) === config) return;
  await prepare(dir, json);
  prepared.set(dir, config);
}

/**
 * `terraform plan -refresh=false` on every AWS stack of the output, in its own folder, against the state there:
 * the real local state files the next synthesis reads. Changes no state.
 */
async function planAll(outdir: string): Promise<Map<string, TerraformJson>> {
  const plans = new Map<string, TerraformJson>();
  for (const { name, json } of awsStacksInOrder(outdir)) {
    const dir = path.join(outdir, 'terraform', 'stacks', name);
    await prepareOnce(dir, json);
    plans.set(name, await plan(dir));
  }
  return plans;
}

/**
 * Applies (offline) the AWS stacks of the output, in apply order, leaving out `skip` and the stacks whose plan in
 * `plans` changes nothing (their state stands).
 */
async function applyAll(outdir: string, skip: readonly string[] = [], plans?: ReadonlyMap<string, TerraformJson>): Promise<void> {
  for (const { name, json } of awsStacksInOrder(outdir)) {
    if (skip.includes(name)) continue;
    const planned = plans?.get(name);
    if (planned && changed(planned).length === 0) continue;
    const dir = path.join(outdir, 'terraform', 'stacks', name);
    await prepareOnce(dir, json);
    await applyOffline(dir);
  }
}

function changed(planned: TerraformJson): string[] {
  return (planned.resource_changes ?? []).filter((c: TerraformJson) => c.mode === 'managed' && !c.change.actions.every((a: string) => a === 'no-op')).map((c: TerraformJson) => `${c.address} (${c.change.actions.join(', ')})`);
}

describe('retiring an EKS cluster: drain, retire, destroy, delete, with real local state and terraform plan', () => {
  const outdir = path.join(tempDir('cdk-fleet-lifecycle-'), 'dist');
  const stage = (s: Stage, options: { acknowledgeRemovals?: string[] } = {}) => synth(fleetWith('eu-west-1', s), { ...seedOptions(), outdir, ...options });
  let retirePlans: Map<string, TerraformJson> | undefined;

  it('starts from the applied fleet', async () => {
    stage('active');
    fakeGcpStates(outdir);
    await applyAll(outdir);
    const state = JSON.parse(fs.readFileSync(path.join(outdir, 'terraform', 'stacks', 'cluster-eu-west-1', 'terraform.tfstate'), 'utf8'));
    assert.ok(state.resources.length > 40);
  });

  it('refuses to delete the cluster outright, naming it and the steps, and writes nothing', () => {
    const before = readOutput(outdir);
    assert.throws(() => stage('deleted'), (e: unknown) => {
      assert.ok(e instanceof OrphaningRemovalError);
      assert.deepEqual(e.removals.map((r) => r.stack), ['cluster-eu-west-1']);
      assert.match(e.message, /cluster "eu-west-1": stack cluster-eu-west-1: its folder holds a Terraform state with \d+ resources/);
      assert.match(e.message, /1\. drain: {2}declare it with `lifecycle: ClusterLifecycle\.drain\(\)`/);
      assert.match(e.message, /2\. retire: `lifecycle: ClusterLifecycle\.retire\(\)`, then run the "To destroy" step/);
      assert.match(e.message, /acknowledgeRemovals: \['cluster-eu-west-1'\]/);
      return true;
    });
    assert.deepEqual(readOutput(outdir), before);
  });

  it('drain: takes the cluster out of the records and its apps off it, and leaves its stack and the certificates alone', async () => {
    const result = stage('drain');
    assert.equal(fs.existsSync(path.join(outdir, 'kubernetes', 'eu-west-1', 'app-get-region.yaml')), false);
    assert.deepEqual(result.changes.groups.filter((g) => g.kind === 'stack').map((g) => g.name), ['global-dns-get-region']);
    const plans = await planAll(outdir);
    assert.deepEqual(changed(plans.get('global-dns-get-region')!), [
      'aws_route53_health_check.alb-health-get-region-eu-west-1 (delete)',
      'aws_route53_record.latency-get-region-eu-west-1 (delete)',
    ]);
    for (const stack of ['cluster-eu-west-1', 'cluster-us-west-2', 'aws-certificates', 'dns-zone']) assert.deepEqual(changed(plans.get(stack)!), [], stack);
    await applyAll(outdir, [], plans);
  });

  it('retire: lifts the protection, keeps the region\'s provider, and lists the stack to destroy first, in order', async () => {
    const result = stage('retire');
    const readme = fs.readFileSync(path.join(outdir, 'terraform', 'README.md'), 'utf8');
    const toDestroy = readme.slice(readme.indexOf('## To destroy'), readme.indexOf('## Step 1'));
    const commands = toDestroy.split('\n').filter((l) => l.startsWith('terraform'));
    assert.deepEqual(commands, [
      'terraform -chdir=stacks/gcp-global-lb init && terraform -chdir=stacks/gcp-global-lb apply',
      'terraform -chdir=stacks/gke-fleet-hub init && terraform -chdir=stacks/gke-fleet-hub apply',
      'terraform -chdir=stacks/global-dns-get-region init && terraform -chdir=stacks/global-dns-get-region apply',
      'terraform -chdir=stacks/cluster-eu-west-1 init && terraform -chdir=stacks/cluster-eu-west-1 apply && terraform -chdir=stacks/cluster-eu-west-1 destroy',
    ]);
    // The retiring stack is not among the apply steps: applied again, it would create the cluster again.
    assert.doesNotMatch(readme.slice(readme.indexOf('## Step 1')), /cluster-eu-west-1/);
    assert.deepEqual(result.changes.dangers, [
      'stack aws-certificates: aws_acm_certificate.certificate-eu-west-1-get-region destroyed',
      'stack aws-certificates: aws_acm_certificate_validation.validated-eu-west-1-get-region destroyed',
    ]);

    const plans = await planAll(outdir);
    retirePlans = plans;
    // prevent_destroy is configuration only; the shared ALB's deletion protection is an attribute to update.
    assert.deepEqual(changed(plans.get('cluster-eu-west-1')!), ['aws_lb.alb-default-load-balancer (update)']);
    assert.deepEqual(destroyed(plans.get('aws-certificates')!), [
      'aws_acm_certificate.certificate-eu-west-1-get-region (delete)',
      'aws_acm_certificate_validation.validated-eu-west-1-get-region (delete)',
    ]);
    for (const stack of ['cluster-us-west-2', 'global-dns-get-region', 'dns-zone']) assert.deepEqual(changed(plans.get(stack)!), [], stack);
  });

  it('to destroy: the retiring stack, applied, can be destroyed (no prevent_destroy left); then the steps apply', async () => {
    const dir = path.join(outdir, 'terraform', 'stacks', 'cluster-eu-west-1');
    await applyOffline(dir);
    const env = { ...terraformEnv(), AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    await run('terraform', ['plan', '-destroy', '-refresh=false', '-input=false', '-no-color', '-lock=false', '-out=destroy.bin'], { cwd: dir, env });
    const destroyPlan = JSON.parse((await run('terraform', ['show', '-json', 'destroy.bin'], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 })).stdout);
    assert.ok(summary(destroyPlan).delete > 40);
    assert.ok(destroyPlan.resource_changes.some((c: TerraformJson) => c.address === 'aws_eks_cluster.cluster' && c.change.actions.includes('delete')));
    // What `terraform destroy` leaves: a state without resources.
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'terraform.tfstate'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify({ ...state, serial: state.serial + 1, resources: [], outputs: {} }));
    await applyAll(outdir, ['cluster-eu-west-1'], retirePlans);
  });

  it('delete: goes through once the local state is empty; every AWS stack still plans, with nothing destroyed', async () => {
    const result = stage('deleted');
    assert.equal(result.changes.groups.find((g) => g.name === 'cluster-eu-west-1')?.change, 'removed');
    const certificates = JSON.parse(fs.readFileSync(path.join(outdir, 'terraform', 'stacks', 'aws-certificates', 'cdk.tf.json'), 'utf8'));
    assert.deepEqual(certificates.provider.aws.map((p: TerraformJson) => p.alias ?? p.region).sort(), ['us-east-1', 'us-west-2']);
    const plans = await planAll(outdir);
    for (const [stack, planned] of plans) assert.deepEqual(destroyed(planned), [], stack);
    for (const [stack, planned] of plans) assert.deepEqual(changed(planned), [], stack);
  });
});

describe('removing a stack that may still hold resources', () => {
  it('is refused for an app whose DNS stack the previous output lists, and goes through with the acknowledgement', () => {
    const outdir = path.join(tempDir(), 'dist');
    synth(richFleet(), { outdir });
    const withoutApi = () => {
      const rich = richFleet();
      const fleet = new Fleet(rich.props);
      for (const c of rich.clusters) fleet.addCluster(c.props);
      for (const a of rich.apps.filter((x) => x.props.name !== 'api')) fleet.addApp(a.props);
      return fleet;
    };
    assert.throws(() => synth(withoutApi(), { outdir }), (e: unknown) => {
      assert.ok(e instanceof OrphaningRemovalError);
      assert.match(e.message, /app "api": stack global-dns-api: the previous output lists it, and its state is not in its folder/);
      assert.match(e.message, /Destroy its records first: `terraform -chdir=stacks\/global-dns-api destroy`/);
      return true;
    });
    // Destroyed: its local state is there and empty.
    fs.writeFileSync(path.join(outdir, 'terraform', 'stacks', 'global-dns-api', 'terraform.tfstate'), JSON.stringify({ version: 4, resources: [] }));
    synth(withoutApi(), { outdir });
    assert.equal(fs.existsSync(path.join(outdir, 'terraform', 'stacks', 'global-dns-api', 'cdk.tf.json')), false);
  });

  it('goes through with the acknowledgement, and refuses every unacknowledged stack at once', () => {
    const outdir = path.join(tempDir(), 'dist');
    synth(seedFleet(), { outdir });
    const smaller = new Fleet(seedFleet().props);
    for (const c of seedFleet().clusters.filter((x) => x.name !== 'asia-east1' && x.name !== 'us-east1')) smaller.addCluster(c.props);
    for (const a of seedFleet().apps) smaller.addApp(a.props);
    assert.throws(() => synth(smaller, { outdir, acknowledgeRemovals: ['cluster-asia-east1'] }), (e: unknown) => e instanceof OrphaningRemovalError && e.removals.map((r) => r.stack).join() === 'cluster-us-east1');
    synth(smaller, { outdir, acknowledgeRemovals: ['cluster-asia-east1', 'cluster-us-east1'] });
    assert.equal(fs.existsSync(path.join(outdir, 'terraform', 'stacks', 'cluster-us-east1', 'cdk.tf.json')), false);
  });
});

describe('draining and retiring a GKE cluster', () => {
  const stacksOf = (s: Stage) => {
    const outdir = path.join(tempDir(), 'dist');
    synth(fleetWith('asia-east1', s), { ...seedOptions(), outdir });
    return readStacks(readTree(outdir));
  };

  it('drain: leaves the global load balancer\'s backends; its stack, the network and the fleet hub do not change', () => {
    const active = stacksOf('active');
    const drained = stacksOf('drain');
    assert.deepEqual(drained.get('cluster-asia-east1'), active.get('cluster-asia-east1'));
    assert.deepEqual(drained.get('gcp-network'), active.get('gcp-network'));
    assert.deepEqual(drained.get('gke-fleet-hub'), active.get('gke-fleet-hub'));
    assert.match(JSON.stringify(active.get('gcp-global-lb')), /asia-east1/);
    assert.doesNotMatch(JSON.stringify(drained.get('gcp-global-lb')), /asia-east1/);
  });

  it('retire: lifts deletion_protection and prevent_destroy, and leaves the fleet hub', () => {
    const retired = stacksOf('retire');
    const cluster = retired.get('cluster-asia-east1')!.resource.google_container_cluster.cluster;
    assert.equal(cluster.deletion_protection, false);
    assert.notEqual(cluster.lifecycle?.prevent_destroy, true);
    assert.doesNotMatch(JSON.stringify(retired.get('gke-fleet-hub')), /membership-asia-east1/);
    assert.match(JSON.stringify(retired.get('gcp-network')), /asia-east1/, 'its subnet stays until the cluster is gone');
  });

  it('divides an app\'s replicas over the clusters that still serve', () => {
    const seed = seedFleet();
    const fleet = new Fleet(seed.props);
    for (const c of seed.clusters) fleet.addCluster(c.name === 'asia-east1' ? { ...c.props, lifecycle: ClusterLifecycle.drain() } : c.props);
    // The seed app autoscales: here it has a fixed, divided count instead.
    fleet.addApp({ ...seed.apps[0].props, autoscaling: undefined, replicas: Replicas.divided(10) });
    const plan = fleet.plan();
    assert.deepEqual(plan.workloadsOf('get-region').map((w) => w.cluster.name), ['eu-west-1', 'europe-west1', 'us-central1', 'us-east1', 'us-west-2']);
    assert.equal(plan.workloadsOf('get-region').reduce((n, w) => n + w.replicas, 0), 10);
  });

  it('refuses an app whose every cluster is draining', () => {
    const seed = seedFleet();
    const fleet = new Fleet(seed.props);
    for (const c of seed.clusters) fleet.addCluster({ ...c.props, lifecycle: ClusterLifecycle.drain() });
    fleet.addApp(seed.apps[0].props);
    assert.throws(() => fleet.plan(), /apps\.get-region\.placement: all clusters selects only clusters that are draining or retiring \(.*\); the app would run nowhere/);
  });
});
