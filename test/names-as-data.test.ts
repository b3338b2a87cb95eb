import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Construct } from 'constructs';
import { ControlPlaneAccess, DnsZone, EnvValue, Fleet, Placement, Replicas, type SynthOptions } from '../lib';
import { validateManifest } from './support/kubernetes-schema';
import { clusterManifests, find, synthToTemp } from './support/synth';
import { usesOnlyAws, validateStacks } from './support/terraform';
import '../lib/workarounds/construct-children';

/*
 * Names are data: any name the grammar allows works, including those that are properties of Object.prototype.
 * Cluster and app names are lowercase DNS labels, so of those only `constructor` is one; label keys allow
 * `toString`, `hasOwnProperty` and `valueOf`; environment variable names allow `__proto__`.
 */

const PROTOTYPE_LABELS = { constructor: 'edge', toString: 'a', hasOwnProperty: 'b', valueOf: 'c', isPrototypeOf: 'd' };

/** A fleet whose GKE cluster, app, labels and env names are properties of Object.prototype. */
function prototypeNamedFleet(gke: string, eks: string): Fleet {
  const fleet = new Fleet({ name: 'fleet', gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  fleet.addCluster({ name: gke, cloud: 'gcp', region: 'us-central1', labels: PROTOTYPE_LABELS });
  fleet.addCluster({ name: eks, cloud: 'aws', region: 'eu-west-1', labels: { ...PROTOTYPE_LABELS, constructor: 'core' } });
  // As JSON.parse makes it: `__proto__` as an own key, not the prototype.
  const env = JSON.parse('{"__proto__": "proto-value", "constructor": "literal"}') as Record<string, string | EnvValue>;
  fleet.addApp({
    name: 'constructor',
    image: 'example/web:1.0.0',
    containerPort: 8080,
    nodePort: 30080,
    ingress: { host: 'constructor.example.com' },
    replicas: Replicas.perCluster(3),
    placement: Placement.matchLabels({ toString: 'a', hasOwnProperty: 'b' }),
    env: { ...env, TIER: EnvValue.fromClusterLabel('constructor'), TO_STRING: EnvValue.fromClusterLabel('toString'), VALUE_OF: EnvValue.fromClusterLabel('valueOf') },
    overrides: { [gke]: { replicas: 2 } },
  });
  return fleet;
}

function options(configCluster: string, gke: string): Omit<SynthOptions, 'outdir'> {
  return {
    controlPlanes: {
      karmada: { clusterNames: { [gke]: 'member-constructor' } },
      gkeMultiCluster: { configCluster },
      argoCd: { repoUrl: 'https://example.com/fleet.git', waves: [[gke]] },
    },
  };
}

describe('names that are properties of Object.prototype', () => {
  it('lets a construct have a child named constructor, toString or __proto__, with that id', () => {
    const root = new Construct(undefined as never, '');
    for (const id of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      const child = new Construct(root, id);
      assert.equal(child.node.id, id);
      assert.equal(root.node.tryFindChild(id), child);
    }
    assert.equal(root.node.children.length, 5);
  });

  it('synthesizes a GKE cluster and an app named constructor, with prototype-named labels and env, through every output', async () => {
    const { files } = synthToTemp(prototypeNamedFleet('constructor', 'eu-west-1'), options('constructor', 'constructor'));
    const manifests = clusterManifests(files, 'constructor');
    const deployment = find(manifests, 'Deployment', 'constructor');
    assert.equal(deployment.spec.replicas, 2, 'the override of cluster "constructor"');
    assert.equal(find(clusterManifests(files, 'eu-west-1'), 'Deployment', 'constructor').spec.replicas, 3);
    const env = Object.fromEntries((deployment.spec.template.spec.containers[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    assert.deepEqual(
      { proto: env.__proto__, ctor: env.constructor, tier: env.TIER, toString: env.TO_STRING, valueOf: env.VALUE_OF },
      { proto: 'proto-value', ctor: 'literal', tier: 'edge', toString: 'a', valueOf: 'c' },
    );
    for (const manifest of manifests) assert.deepEqual(await validateManifest(manifest), [], `${manifest.kind} ${manifest.metadata?.name}`);

    const stack = JSON.parse(files.get(path.join('terraform', 'stacks', 'cluster-constructor', 'cdk.tf.json'))!);
    const clusters = Object.values(stack.resource.google_container_cluster) as { name: string }[];
    assert.deepEqual(clusters.map((c) => c.name), ['constructor']);
    assert.ok(files.has(path.join('terraform', 'stacks', 'global-dns-constructor', 'cdk.tf.json')));
    assert.match(files.get(path.join('karmada', 'app-constructor.yaml'))!, /- member-constructor/);
    assert.match(files.get(path.join('argocd', 'applicationset.yaml'))!, /constructor/);
    assert.ok([...files.keys()].some((f) => f.startsWith(path.join('gke-multicluster', 'config-cluster'))));
  });

  it('synthesizes an EKS cluster named constructor whose stacks Terraform validates', async () => {
    const { files } = synthToTemp(prototypeNamedFleet('us-central1', 'constructor'), options('us-central1', 'us-central1'));
    find(clusterManifests(files, 'constructor'), 'Deployment', 'constructor');
    const stacks = new Map<string, never>();
    for (const name of ['cluster-constructor', 'global-dns-constructor']) {
      const json = JSON.parse(files.get(path.join('terraform', 'stacks', name, 'cdk.tf.json'))!);
      if (usesOnlyAws(json)) stacks.set(name, json as never);
    }
    assert.ok(stacks.has('cluster-constructor'));
    for (const [stack, diagnostics] of await validateStacks(stacks)) {
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), [], stack);
    }
  });
});
