import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { App as Cdk8sApp, Chart } from 'cdk8s';
import { App as CdktfApp, TerraformOutput } from 'cdktf';
import {
  ClusterChart, FederatedWorkload, FleetCharts, FleetStacks, FleetValidationError, ProviderVersionError, TerraformBackend,
  type Fleet, type SynthOptions,
} from '../lib';
import { checkProviderBindings } from '../lib/internal';
import { syntheticFleet } from '../bench/synthetic-fleet';
import { richFleet, seedFleet, seedOptions } from './support/fleets';
import { clusterManifests, parseManifests, readTree, synthToTemp, tempDir } from './support/synth';

/*
 * The constructs users compose into their own cdk8s and cdktf Apps write what synth() writes: the same Kubernetes
 * objects per cluster, and the same Terraform JSON per stack, byte for byte, through the stock `app.synth()`.
 */

/** `fleet`'s stacks in a cdktf App of the user's, synthesized by cdktf's own `app.synth()`. */
function stockCdktf(fleet: Fleet, options: Omit<SynthOptions, 'outdir'>): { outdir: string; files: Map<string, string> } {
  const outdir = tempDir();
  const app = new CdktfApp({ outdir });
  new FleetStacks(app, 'fleet', { fleet, ...(options.terraform?.backend ? { backend: options.terraform.backend } : {}), ...(options.controlPlanes ? { controlPlanes: options.controlPlanes } : {}) });
  app.synth();
  return { outdir, files: readTree(outdir) };
}

/** The files under `terraform/` of synth()'s output, by path below it. */
function terraformFiles(files: Map<string, string>): Map<string, string> {
  const prefix = `terraform${path.sep}`;
  return new Map([...files].filter(([p]) => p.startsWith(prefix)).map(([p, c]) => [p.slice(prefix.length), c]));
}

function assertSameStacks(fleet: () => Fleet, options: Omit<SynthOptions, 'outdir'>): void {
  const ours = terraformFiles(synthToTemp(fleet(), options).files);
  const stock = stockCdktf(fleet(), options).files;
  const stacks = (files: Map<string, string>) => [...files.keys()].filter((p) => p.endsWith('cdk.tf.json'));
  assert.deepEqual(stacks(stock), stacks(ours));
  assert.ok(stacks(ours).length > 0);
  for (const file of stacks(ours)) assert.equal(stock.get(file), ours.get(file), `${file} differs`);
  // The manifest: cdktf's lists the same stacks, in the same folders, with the same dependencies (each named by
  // its construct path, which for a stack of the App is its name). Its text differs in three ways only: cdktf's
  // writer (json-stable-stringify) sorts the stacks by name, where synth() lists them in the order it synthesizes
  // them; it writes an empty array on two lines (`[` and `]`); it ends without a newline.
  const ourManifest = ours.get('manifest.json') ?? '';
  const stockManifest = (stock.get('manifest.json') ?? '').replace(/\[\n *\]/g, '[]');
  assert.equal(stockManifest, JSON.stringify(sortedKeys(JSON.parse(ourManifest)), null, 2));
  assert.ok(ourManifest.endsWith('}\n'));
}

/** `value` with the keys of every object in sorted order, as json-stable-stringify writes them. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]));
}

describe('FleetStacks in a cdktf App of the user', () => {
  it('writes the default fleet\'s stacks byte for byte as synth() does, with cdktf\'s own app.synth()', () => {
    assertSameStacks(seedFleet, seedOptions());
  });

  it('writes a 20-cluster fleet\'s stacks byte for byte as synth() does, with an S3 backend', () => {
    const backend = TerraformBackend.s3({ bucket: 'tf-state', region: 'eu-west-1' });
    assertSameStacks(() => syntheticFleet(20, 10), { terraform: { backend } });
  });

  it('gives each stack to the user, to add resources to it', () => {
    const app = new CdktfApp({ outdir: tempDir() });
    const { stacks } = new FleetStacks(app, 'fleet', { fleet: seedFleet(), backend: TerraformBackend.gcs({ bucket: 'tf-state' }) });
    const stack = stacks.get('cluster-us-west-2');
    assert.ok(stack);
    new TerraformOutput(stack, 'team', { value: 'edge' });
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'cluster-us-west-2', 'cdk.tf.json'), 'utf8'));
    assert.equal(json.output.team.value, 'edge');
    assert.deepEqual(json.terraform.backend.gcs, { bucket: 'tf-state', prefix: 'fleet/cluster-us-west-2' });
  });

  it('reports every problem of the fleet before adding a stack', () => {
    const fleet = seedFleet();
    fleet.addCluster({ name: 'Bad Name', cloud: 'aws', region: 'us-west-2' });
    const app = new CdktfApp({ outdir: tempDir() });
    assert.throws(() => new FleetStacks(app, 'fleet', { fleet }), (e: unknown) => e instanceof FleetValidationError && /clusters\[6\]\.name/.test(e.message));
    assert.equal(app.node.findAll().length, 1);
  });
});

describe('FleetCharts in a cdk8s App of the user', () => {
  it('writes every cluster\'s objects as synth() writes them to kubernetes/<cluster>/', () => {
    const { files } = synthToTemp(seedFleet(), seedOptions());
    const outdir = tempDir();
    const app = new Cdk8sApp({ outdir });
    const { charts } = new FleetCharts(app, 'fleet', { fleet: seedFleet() });
    app.synth();
    const written = readTree(outdir);
    assert.equal(written.size, charts.size);
    for (const [cluster, chart] of charts) {
      const file = `${chart.node.path.replace(/\//g, '-')}`;
      const [name, content] = [...written].find(([p]) => p.startsWith(`${file}-`) || p.startsWith(`${file}.`)) ?? [];
      assert.ok(content, `no file for ${cluster} among ${[...written.keys()].join(', ')} (${name})`);
      assert.deepEqual(parseManifests(content), clusterManifests(files, cluster), cluster);
    }
  });

  it('makes one cluster\'s chart on its own, from the fleet and the cluster\'s name', () => {
    const { files } = synthToTemp(richFleet());
    const chart = new ClusterChart(new Cdk8sApp(), 'edge', { fleet: richFleet(), cluster: 'gke-eu' });
    assert.deepEqual(chart.toJson(), clusterManifests(files, 'gke-eu'));
    assert.throws(() => new ClusterChart(new Cdk8sApp(), 'x', { fleet: richFleet(), cluster: 'gke-asia' }), /No cluster named "gke-asia" in the fleet; known: eks-us, gke-eu, gke-us/);
  });

  it('gives each cluster\'s chart to the user, to add objects to it', () => {
    const app = new Cdk8sApp({ outdir: tempDir() });
    const { charts } = new FleetCharts(app, 'fleet', { fleet: seedFleet() });
    const chart = charts.get('eu-west-1');
    assert.ok(chart);
    assert.deepEqual({ cloud: chart.cluster.cloud, region: chart.cluster.region }, { cloud: 'aws', region: 'eu-west-1' });
    chart.workloads.get('get-region')?.deployment.podMetadata.addAnnotation('team', 'edge');
    const deployment = chart.toJson().find((o) => o.kind === 'Deployment');
    assert.equal(deployment.spec.template.metadata.annotations.team, 'edge');
  });
});

describe('FederatedWorkload in a chart of the user', () => {
  const fleet = richFleet();
  const { files } = synthToTemp(fleet);
  const declared = (app: string, cluster: string) => ({
    app: fleet.apps.find((a) => a.name === app)!.props,
    cluster: fleet.clusters.find((c) => c.name === cluster)!.props,
    fleetName: fleet.name,
  });
  const objectsOf = (app: string, cluster: string) => parseManifests(files.get(path.join('kubernetes', cluster, `app-${app}.yaml`)) ?? '');

  for (const [app, cluster] of [['api', 'eks-us'], ['api', 'gke-us'], ['worker', 'gke-eu']]) {
    it(`makes ${app}'s objects in ${cluster} from plain props, as synth() writes them`, () => {
      const chart = new Chart(new Cdk8sApp(), 'mine');
      new FederatedWorkload(chart, app, declared(app, cluster));
      assert.deepEqual(chart.toJson(), objectsOf(app, cluster));
    });
  }

  it('gives a divided app all its replicas, as the one cluster it is declared for', () => {
    const chart = new Chart(new Cdk8sApp(), 'mine');
    const workload = new FederatedWorkload(chart, 'web', declared('web', 'gke-eu'));
    assert.equal(workload.deployment.replicas, 10);
  });

  it('reports every problem of its props, and a cluster its placement does not select', () => {
    const chart = new Chart(new Cdk8sApp(), 'mine');
    const props = declared('api', 'eks-us');
    assert.throws(() => new FederatedWorkload(chart, 'bad', { ...props, fleetName: 'Fleet', app: { ...props.app, nodePort: 8080 } }),
      (e: unknown) => e instanceof FleetValidationError && e.problems.map((p) => p.path).join() === 'fleetName,apps.api.nodePort');
    assert.throws(() => new FederatedWorkload(chart, 'elsewhere', declared('api', 'gke-eu')), /App "api" is not placed on cluster "gke-eu": its placement \(clusters labelled \{"geo":"us"\}\) does not select it/);
  });
});

describe('provider bindings', () => {
  function bindingsIn(versions: Record<string, [string, string]>): string {
    const dir = tempDir();
    for (const [binding, [version, provider]] of Object.entries(versions)) {
      const folder = path.join(dir, 'node_modules', binding);
      fs.mkdirSync(folder, { recursive: true });
      const name = `registry.terraform.io/hashicorp/${binding.endsWith('aws') ? 'aws' : 'google'}`;
      fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: binding, version, cdktf: { provider: { name, version: provider } } }));
    }
    return dir;
  }

  it('accepts the installed ones, which pin the providers the output is validated against', () => {
    checkProviderBindings();
  });

  it('refuses a binding that pins another provider version, naming the version to install', () => {
    const dir = bindingsIn({ '@cdktf/provider-aws': ['21.0.0', '6.25.0'], '@cdktf/provider-google': ['16.12.1', '6.50.0'] });
    assert.throws(() => checkProviderBindings([dir]), (e: unknown) => e instanceof ProviderVersionError && e.problems.length === 1
      && e.problems[0] === '@cdktf/provider-aws 21.0.0 pins registry.terraform.io/hashicorp/aws 6.25.0, but the output is validated against registry.terraform.io/hashicorp/aws 5.100.0; install @cdktf/provider-aws@20.1.0');
  });
});
