import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FILE_LIST, Fleet, OutputError, synth } from '../lib';
import { seedFleet, seedOptions } from './support/fleets';
import { readTree, tempDir } from './support/synth';
import { makeUnwritable, withUnwritable } from './support/unwritable';

const ROOTS = ['terraform', 'kubernetes', 'karmada', 'gke-multicluster', 'argocd'];

/** The seed fleet with every output, synthesized into a new folder: the output a failed synthesis must keep. */
function previousOutput(): { outdir: string; before: Map<string, string> } {
  const outdir = path.join(tempDir(), 'dist');
  synth(seedFleet(), { ...seedOptions(), outdir });
  return { outdir, before: readTree(path.dirname(outdir)) };
}

/** The seed fleet and one more GKE cluster: every root of the output changes. */
function grownFleet(): Fleet {
  const fleet = seedFleet();
  fleet.addCluster({ name: 'us-west1', cloud: 'gcp', region: 'us-west1' });
  return fleet;
}

/** Everything beside the output folder, staging and backup folders included, must be as before. */
function assertUnchanged(outdir: string, before: Map<string, string>): void {
  assert.deepEqual([...readTree(path.dirname(outdir)).keys()], [...before.keys()]);
  assert.deepEqual(readTree(path.dirname(outdir)), before);
}

describe('all-or-nothing commit across every output folder', () => {
  it('changes every root when the synthesis succeeds (the changed fleet used below)', () => {
    const { outdir, before } = previousOutput();
    const result = synth(grownFleet(), { ...seedOptions(), outdir });
    for (const root of ROOTS) {
      const committed = result.roots.find((r) => r.directory === path.join(outdir, root));
      assert.ok(committed && committed.written > 0, `${root} changes`);
    }
    assert.notDeepEqual(readTree(path.dirname(outdir)), before);
  });

  for (const [position, root] of ROOTS.entries()) {
    it(`leaves every output folder byte-identical when ${root} (root ${position + 1} of ${ROOTS.length}) cannot be written`, (t) => {
      const { outdir, before } = previousOutput();
      let error: unknown;
      const ran = withUnwritable(path.join(outdir, root), () => {
        try {
          synth(grownFleet(), { ...seedOptions(), outdir });
        } catch (e) {
          error = e;
        }
      });
      if (!ran) return t.skip('cannot make a folder unwritable here (neither chattr +i nor chmod)');
      assert.ok(error instanceof OutputError, `expected an OutputError, got ${error}`);
      assert.match(error.message, new RegExp(`Could not .*${path.join(outdir, root).replace(/[/.-]/g, '\\$&')}`));
      assert.match(error.message, /make it writable/);
      assert.match(error.message, /Nothing was changed: every output folder is as it was/);
      assertUnchanged(outdir, before);
    });
  }

  it('leaves every output folder byte-identical when a folder of the last root cannot be written midway', (t) => {
    const { outdir, before } = previousOutput();
    let error: unknown;
    const ran = withUnwritable(path.join(outdir, 'gke-multicluster', 'members'), () => {
      try {
        synth(grownFleet(), { ...seedOptions(), outdir });
      } catch (e) {
        error = e;
      }
    });
    if (!ran) return t.skip('cannot make a folder unwritable here');
    assert.ok(error instanceof OutputError, `expected an OutputError, got ${error}`);
    assert.match(error.message, /gke-multicluster\/members/);
    assertUnchanged(outdir, before);
  });

  it('refuses a Kubernetes output folder that is a file (CDK8S_OUTDIR), before anything is written', () => {
    const { outdir, before } = previousOutput();
    const file = path.join(outdir, 'kubernetes-file');
    fs.writeFileSync(file, 'not a folder');
    const withFile = new Map([...before, [path.join('dist', 'kubernetes-file'), 'not a folder']]);
    process.env.CDK8S_OUTDIR = file;
    try {
      assert.throws(() => synth(grownFleet(), { ...seedOptions(), outdir }), (e: Error) => e instanceof OutputError
        && e.message.includes(`${file}: it is a file, not a folder`) && e.message.includes('move it away'));
    } finally {
      delete process.env.CDK8S_OUTDIR;
    }
    assertUnchanged(outdir, new Map([...withFile].sort(([a], [b]) => (a < b ? -1 : 1))));
  });

  it('refuses a folder where a file goes, naming it, and changes nothing', () => {
    const { outdir, before } = previousOutput();
    const applicationSet = path.join(outdir, 'argocd', 'applicationset.yaml');
    fs.rmSync(applicationSet);
    fs.mkdirSync(applicationSet);
    fs.writeFileSync(path.join(applicationSet, 'mine.txt'), 'mine');
    const expected = readTree(path.dirname(outdir));
    assert.throws(() => synth(grownFleet(), { ...seedOptions(), outdir }), (e: Error) => e instanceof OutputError
      && e.message.includes(`${applicationSet}: a folder stands where synthesis writes a file; move it away`));
    assertUnchanged(outdir, expected);
    assert.ok(before.size > 0);
  });

  it('reports why synthesis failed even when removing its staging folder fails too', (t) => {
    const { outdir } = previousOutput();
    // An edited file is staged again (an unchanged one is not), so asia-east1 has a folder in the staging folder.
    fs.writeFileSync(path.join(outdir, 'kubernetes', 'asia-east1', 'app-get-region.yaml'), 'edited');
    const before = readTree(path.dirname(outdir));
    const staging = path.join(outdir, `.kubernetes.staging-${process.pid}`);
    let restore: (() => void) | undefined;
    const extend = (chart: { cluster: { name: string } }) => {
      if (chart.cluster.name !== 'us-west-2') return;
      // Rendered before us-west-2: asia-east1's manifests, staged in a folder that now cannot be emptied.
      restore = makeUnwritable(path.join(staging, 'asia-east1'));
      throw new Error('boom');
    };
    let error: unknown;
    try {
      synth(seedFleet(), { ...seedOptions(), outdir, kubernetes: { extend } });
    } catch (e) {
      error = e;
    } finally {
      restore?.();
      fs.rmSync(staging, { recursive: true, force: true });
    }
    if (!restore) return t.skip('cannot make a folder unwritable here');
    assert.ok(error instanceof Error && error.message.startsWith('boom'), `the cause comes first: ${error}`);
    assert.match(error.message, /Cleaning up after it failed too: Could not remove the staging folder .*\.kubernetes\.staging-/);
    assertUnchanged(outdir, before);
  });
});

describe('the previous file list', () => {
  /** A folder beside the output with a file in it that a crafted list points at. */
  function outsider(outdir: string, name: string): string {
    const file = path.join(path.dirname(outdir), 'outside', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'not yours');
    return file;
  }

  it('cannot make synthesis remove anything outside the output folder', async () => {
    const { outdir } = previousOutput();
    const root = path.join(outdir, 'kubernetes');
    const targets = ['a', 'b', 'c', 'd', 'e'].map((n) => outsider(outdir, n));
    const list = JSON.parse(fs.readFileSync(path.join(root, FILE_LIST), 'utf8')) as unknown[];
    const crafted = [
      '../../outside/a',
      'us-east1/../../../outside/b',
      targets[2],
      'us-east1\\..\\..\\..\\outside\\d',
      `${'../'.repeat(20)}${targets[4].slice(1)}`,
      42, null, { path: 'x' }, '', 'nul\0byte', FILE_LIST,
    ];
    fs.writeFileSync(path.join(root, FILE_LIST), JSON.stringify([...list, ...crafted]));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    let result;
    try {
      result = synth(seedFleet(), { ...seedOptions(), outdir });
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    for (const file of targets) assert.equal(fs.readFileSync(file, 'utf8'), 'not yours', file);
    const kubernetes = result.roots.find((r) => r.directory === root)!;
    assert.equal(kubernetes.removed, 0);
    assert.deepEqual(kubernetes.ignored.map((i) => i.entry), crafted);
    assert.deepEqual(kubernetes.ignored.map((i) => i.reason).slice(0, 5), ['climbs out with ".."', 'climbs out with ".."', 'an absolute path', 'climbs out with ".."', 'climbs out with ".."']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /\.cdk-fleet-files\.json: entries left alone, no file removed for them: "\.\.\/\.\.\/outside\/a" \(climbs out with "\.\."\)/);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(root, FILE_LIST), 'utf8')), list, 'the list is rewritten without them');
  });

  it('does not remove a file reached through a symbolic link out of the output folder', () => {
    const { outdir } = previousOutput();
    const root = path.join(outdir, 'kubernetes');
    const target = outsider(outdir, 'app-get-region.yaml');
    fs.symlinkSync(path.dirname(target), path.join(root, 'linked'));
    const list = JSON.parse(fs.readFileSync(path.join(root, FILE_LIST), 'utf8')) as string[];
    fs.writeFileSync(path.join(root, FILE_LIST), JSON.stringify([...list, 'linked/app-get-region.yaml']));
    const result = synth(seedFleet(), { ...seedOptions(), outdir });
    assert.equal(fs.readFileSync(target, 'utf8'), 'not yours');
    assert.deepEqual(result.roots.find((r) => r.directory === root)!.ignored, [{ entry: 'linked/app-get-region.yaml', reason: 'reached through a symbolic link out of the folder' }]);
  });

  it('does not write through a symbolic link out of the output folder', () => {
    const { outdir } = previousOutput();
    const cluster = path.join(outdir, 'kubernetes', 'us-east1');
    const elsewhere = path.join(path.dirname(outdir), 'elsewhere');
    fs.renameSync(cluster, elsewhere);
    fs.symlinkSync(elsewhere, cluster);
    const before = readTree(elsewhere);
    const tree = readTree(path.dirname(outdir));
    assert.throws(() => synth(seedFleet(), { ...seedOptions(), outdir }), (e: Error) => e instanceof OutputError
      && e.message.includes(`${cluster}/00-namespaces.yaml: a symbolic link on the way leads out of ${path.join(outdir, 'kubernetes')}; replace the link with a folder`));
    assert.deepEqual(readTree(elsewhere), before);
    assertUnchanged(outdir, tree);
  });

  it('follows a symbolic link that stays inside the output folder', () => {
    const { outdir, before } = previousOutput();
    const cluster = path.join(outdir, 'kubernetes', 'us-east1');
    fs.renameSync(cluster, path.join(outdir, 'kubernetes', 'moved'));
    fs.symlinkSync('moved', cluster);
    synth(seedFleet(), { ...seedOptions(), outdir });
    assert.equal(fs.readFileSync(path.join(cluster, 'app-get-region.yaml'), 'utf8'), before.get(path.join('dist', 'kubernetes', 'us-east1', 'app-get-region.yaml')));
  });

  for (const [name, content, what] of [
    ['not JSON', '["us-east1/app-get-region.yaml", ', /it is not JSON \(/],
    ['not an array', '{"files": []}', /it is not a JSON array of file paths/],
  ] as const) {
    it(`fails on a corrupt list (${name}) with a message naming the file and what to do, and changes nothing`, () => {
      const { outdir } = previousOutput();
      const list = path.join(outdir, 'kubernetes', FILE_LIST);
      fs.writeFileSync(list, content);
      const tree = readTree(path.dirname(outdir));
      assert.throws(() => synth(grownFleet(), { ...seedOptions(), outdir }), (e: Error) => e instanceof OutputError
        && e.message.startsWith(`${list} is not a file list cdk-fleet wrote: `) && what.test(e.message)
        && e.message.includes('Restore it from version control, or delete it'));
      assertUnchanged(outdir, tree);
    });
  }
});
