import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FILE_LIST, Fleet, Placement, Replicas } from '../lib/internal';
import { readFileList } from '../lib/output/staged-output';
import { richFleet, seedFleet, seedOptions } from './support/fleets';
import { readTree, synthToTemp } from './support/synth';

/** Files present in both trees whose bytes differ, and files only in one. */
function diff(a: Map<string, string>, b: Map<string, string>): { changed: string[]; onlyA: string[]; onlyB: string[] } {
  return {
    changed: [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k)),
    onlyA: [...a.keys()].filter((k) => !b.has(k)),
    onlyB: [...b.keys()].filter((k) => !a.has(k)),
  };
}

describe('deterministic output', () => {
  it('writes byte-identical files for the same declaration', () => {
    assert.deepEqual(synthToTemp(richFleet()).files, synthToTemp(richFleet()).files);
  });

  it('does not depend on the order clusters and apps are declared in', () => {
    const reordered = new Fleet(richFleet().props);
    for (const c of [...richFleet().clusters].reverse()) reordered.addCluster(c.props);
    for (const a of [...richFleet().apps].reverse()) reordered.addApp(a.props);
    assert.deepEqual(synthToTemp(reordered).files, synthToTemp(richFleet()).files);
  });

  it('leaves every other cluster byte-identical when a cluster is added', () => {
    const before = synthToTemp(seedFleet()).files;
    const fleet = seedFleet();
    fleet.addCluster({ name: 'australia-southeast1', cloud: 'gcp', region: 'australia-southeast1' });
    const after = synthToTemp(fleet).files;
    const { changed, onlyA, onlyB } = diff(before, after);
    assert.deepEqual(onlyA, []);
    // Only what the fleet shares changes: the global stacks, which gain the cluster, the lists of stacks, the picture.
    assert.deepEqual(changed.filter((f) => !f.endsWith('.cdk-fleet-files.json')), [
      'FLEET.md',
      'terraform/README.md',
      'terraform/manifest.json',
      'terraform/stacks/gcp-global-lb/cdk.tf.json',
      'terraform/stacks/gcp-network/cdk.tf.json',
      'terraform/stacks/global-dns-get-region/cdk.tf.json',
    ]);
    assert.deepEqual(onlyB.filter((f) => !f.endsWith('.cdk-fleet-files.json')), [
      'kubernetes/australia-southeast1/00-namespaces.yaml',
      'kubernetes/australia-southeast1/app-get-region.yaml',
      'kubernetes/australia-southeast1/app-queue-worker.yaml',
      'terraform/stacks/cluster-australia-southeast1/cdk.tf.json',
    ]);
  });

  it('leaves other apps and clusters byte-identical when an app is added to one cluster', () => {
    const before = synthToTemp(seedFleet()).files;
    const fleet = seedFleet();
    fleet.addApp({ name: 'echo', image: 'hashicorp/http-echo:1.0.0', containerPort: 5678, placement: Placement.clusters('us-east1'), replicas: Replicas.perCluster(2) });
    const after = synthToTemp(fleet).files;
    const { changed, onlyA, onlyB } = diff(before, after);
    assert.deepEqual(onlyA, []);
    // The new namespace joins the cluster's namespace file; the app has no host, so no load balancer changes.
    assert.deepEqual(changed.filter((f) => !f.endsWith('.cdk-fleet-files.json')), ['FLEET.md', 'kubernetes/us-east1/00-namespaces.yaml']);
    assert.deepEqual(onlyB.filter((f) => f.startsWith('kubernetes/')), ['kubernetes/us-east1/app-echo.yaml']);
  });

  it('gives an app with a host its own DNS stack and changes no other app\'s records', () => {
    const before = synthToTemp(richFleet()).files;
    const fleet = richFleet();
    fleet.addApp({ name: 'docs', image: 'example/docs:1.0.0', containerPort: 8080, nodePort: 30090, ingress: { host: 'docs.example.com' } });
    const after = synthToTemp(fleet).files;
    const { changed, onlyA, onlyB } = diff(before, after);
    assert.deepEqual(onlyA, []);
    assert.ok(onlyB.includes('terraform/stacks/global-dns-docs/cdk.tf.json'), onlyB.join(', '));
    assert.deepEqual(changed.filter((f) => f.includes('/global-dns-')), []);
  });

  it('matches the committed dist/ (run `npm run synth` and commit after changing the default fleet)', () => {
    // Only the files synthesis owns, listed in each root's FILE_LIST: Terraform's working files may sit beside them.
    const dist = path.join(__dirname, '..', '..', 'dist');
    const onDisk = readTree(dist);
    const owned = new Set(['kubernetes', 'terraform', 'karmada', 'gke-multicluster', 'argocd'].flatMap((root) => [`${root}/${FILE_LIST}`, ...readFileList(path.join(dist, root)).map((f) => `${root}/${f}`)]));
    // The overview (FLEET.md) is a root of its own, the output folder itself.
    for (const f of [FILE_LIST, ...readFileList(dist)]) owned.add(f);
    const committed = new Map([...onDisk].filter(([f]) => owned.has(f)));
    const fresh = synthToTemp(seedFleet(), seedOptions()).files;
    const { changed, onlyA, onlyB } = diff(committed, fresh);
    assert.deepEqual({ changed, missingFromCommit: onlyB, staleInCommit: onlyA }, { changed: [], missingFromCommit: [], staleInCommit: [] });
  });
});
