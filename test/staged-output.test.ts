import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Fleet, FleetValidationError, synth } from '../lib';
import { seedFleet } from './support/fleets';
import { readTree, tempDir } from './support/synth';

function synthesized(): { outdir: string; before: Map<string, string> } {
  const outdir = path.join(tempDir(), 'dist');
  synth(seedFleet(), { outdir });
  return { outdir, before: readTree(outdir) };
}

describe('staged output', () => {
  it('leaves the previous output as it was when the declaration is invalid', () => {
    const { outdir, before } = synthesized();
    const broken = seedFleet();
    broken.addCluster({ name: 'us-east1', cloud: 'gcp', region: 'us-east1' });
    assert.throws(() => synth(broken, { outdir }), FleetValidationError);
    assert.deepEqual(readTree(outdir), before);
  });

  it('leaves the previous output as it was, and no staging folder, when rendering fails midway', () => {
    const { outdir, before } = synthesized();
    const extend = (chart: { cluster: { name: string } }) => {
      if (chart.cluster.name === 'us-east1') throw new Error('boom');
    };
    assert.throws(() => synth(seedFleet(), { outdir, kubernetes: { extend } }), /boom/);
    assert.deepEqual(readTree(outdir), before);
    assert.deepEqual(fs.readdirSync(outdir).filter((e) => e.includes('staging')), []);
    assert.deepEqual(fs.readdirSync(path.dirname(outdir)).filter((e) => e.includes('staging')), []);
  });

  it('removes the files of a cluster that is no longer declared', () => {
    const { outdir } = synthesized();
    // The namespaces and one file per app of the default fleet.
    const files = fs.readdirSync(path.join(outdir, 'kubernetes', 'asia-east1'));
    assert.equal(files.length, 1 + seedFleet().apps.length, files.join(', '));
    const smaller = new Fleet(seedFleet().props);
    for (const c of seedFleet().clusters.filter((c) => c.name !== 'asia-east1')) smaller.addCluster(c.props);
    for (const a of seedFleet().apps) smaller.addApp(a.props);
    // Never applied: the removal of its stack is acknowledged (it would be refused otherwise, see lifecycle tests).
    const result = synth(smaller, { outdir, acknowledgeRemovals: ['cluster-asia-east1'] });
    assert.equal(fs.existsSync(path.join(outdir, 'kubernetes', 'asia-east1')), false);
    assert.equal(result.roots.find((r) => r.directory.endsWith('kubernetes'))?.removed, files.length);
  });

  it('keeps files it did not write, such as Terraform working files', () => {
    const { outdir } = synthesized();
    const userFile = path.join(outdir, 'kubernetes', 'asia-east1', 'notes.txt');
    fs.writeFileSync(userFile, 'mine');
    const smaller = new Fleet(seedFleet().props);
    for (const c of seedFleet().clusters.filter((c) => c.name !== 'asia-east1')) smaller.addCluster(c.props);
    for (const a of seedFleet().apps) smaller.addApp(a.props);
    synth(smaller, { outdir, acknowledgeRemovals: ['cluster-asia-east1'] });
    assert.equal(fs.readFileSync(userFile, 'utf8'), 'mine');
  });

  it('leaves files whose content did not change untouched, and rewrites the ones that changed', () => {
    const { outdir, before } = synthesized();
    const kept = path.join(outdir, 'kubernetes', 'us-east1', 'app-get-region.yaml');
    const edited = path.join(outdir, 'kubernetes', 'asia-east1', 'app-get-region.yaml');
    fs.writeFileSync(edited, 'edited by hand');
    const inode = fs.statSync(kept).ino;
    const result = synth(seedFleet(), { outdir });
    assert.deepEqual(readTree(outdir), before);
    assert.equal(fs.statSync(kept).ino, inode, 'an unchanged file is the same file');
    const kubernetes = result.roots.find((r) => r.directory.endsWith('kubernetes'))!;
    assert.equal(kubernetes.written, 1, 'the edited file');
    assert.equal(kubernetes.unchanged, [...before.keys()].filter((f) => f.startsWith('kubernetes/') && !f.endsWith('.cdk-fleet-files.json')).length - 1);
  });

  it('writes the Kubernetes output where CDK8S_OUTDIR says, as `cdk8s synth` sets it', () => {
    const dir = path.join(tempDir(), 'k8s-out');
    process.env.CDK8S_OUTDIR = dir;
    try {
      synth(seedFleet(), { outdir: path.join(tempDir(), 'dist') });
    } finally {
      delete process.env.CDK8S_OUTDIR;
    }
    assert.ok(fs.existsSync(path.join(dir, 'us-east1', 'app-get-region.yaml')));
  });
});
