import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseManifests, readTree, tempDir } from './support/synth';
import { terraformSkip, usesOnlyAws, validateStacks } from './support/terraform';
import type { TerraformJson } from './support/terraform-graph';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const example = path.join(root, 'examples', 'consumer');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/*
 * A user's project, outside the repository: the package as `npm pack` makes it, installed with the README's
 * install lines, and the README's example program (examples/consumer/), which puts the fleet into its own cdk8s and
 * cdktf Apps. `cdk8s synth` is this repository's cdk8s-cli (a dev dependency here; the README's dev install line
 * adds it to the user's project, which the test leaves out to save its install), `tsc` the project's own.
 *
 * The provider bindings are 670 MB: the first run on a machine extracts them from the npm cache (about 2 minutes
 * here). It keeps that node_modules in the temp folder, keyed by the install lines; later runs start from a
 * hard-linked copy of it and run the same install lines, which then only replace cdk-fleet with the new tarball.
 */

/** The README's line that installs the package with its peers, and the one for the project's dev tools. */
function installLines(): { packageLine: string[]; devLine: string[] } {
  const packageLine = /^npm install cdk-fleet (.+)$/m.exec(readme)?.[1].trim().split(/\s+/);
  const devLine = /^npm install --save-dev (.+)$/m.exec(readme)?.[1].trim().split(/\s+/);
  assert.ok(packageLine && devLine, 'the README\'s Install section has the two `npm install` lines');
  return { packageLine, devLine };
}

const npmFlags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

async function npm(cwd: string, ...args: string[]): Promise<void> {
  await run('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stderr?: string; message: string }) => {
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${e.stderr ?? e.message}`);
  });
}

/** Installs the tarball and the README's lines into `project`, from the node_modules of an earlier run when any. */
async function install(project: string, tarball: string): Promise<void> {
  const { packageLine, devLine } = installLines();
  // cdk8s-cli is this repository's (see above).
  const dev = devLine.filter((p) => !p.startsWith('cdk8s-cli'));
  const key = createHash('sha256').update(JSON.stringify([packageLine, dev])).digest('hex').slice(0, 12);
  const kept = path.join(os.tmpdir(), `cdk-fleet-consumer-modules-${key}`);
  if (fs.existsSync(path.join(kept, 'complete'))) {
    await run('cp', ['-al', path.join(kept, 'node_modules'), path.join(project, 'node_modules')]);
  }
  await npm(project, 'install', tarball, ...packageLine, ...npmFlags);
  await npm(project, 'install', '--save-dev', ...dev, ...npmFlags);
  if (!fs.existsSync(path.join(kept, 'complete'))) {
    const staging = `${kept}.${process.pid}`;
    fs.mkdirSync(staging, { recursive: true });
    await run('cp', ['-al', path.join(project, 'node_modules'), path.join(staging, 'node_modules')]);
    fs.writeFileSync(path.join(staging, 'complete'), '');
    try {
      fs.renameSync(staging, kept);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another run kept one first
    }
  }
}

describe('a project of the user, from the packed tarball and the README', () => {
  let project: string;
  let synthesized: Map<string, string>;

  before(async () => {
    const packed = tempDir('cdk-fleet-pack-');
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', packed, '--silent'], { cwd: root });
    const [tarball] = fs.readdirSync(packed).filter((f) => f.endsWith('.tgz'));
    project = tempDir('cdk-fleet-consumer-');
    for (const file of fs.readdirSync(example)) fs.copyFileSync(path.join(example, file), path.join(project, file));
    await install(project, path.join(packed, tarball));
    await run(path.join(project, 'node_modules', '.bin', 'tsc'), [], { cwd: project });
    await run(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth'], { cwd: project, env: { ...process.env, CDK8S_OUTDIR: undefined } });
    synthesized = readTree(path.join(project, 'dist'));
  });

  it('shows the example program, its cdk8s.yaml and cdktf.json in the README, verbatim', () => {
    for (const file of ['main.ts', 'cdk8s.yaml', 'cdktf.json']) {
      assert.ok(readme.includes(fs.readFileSync(path.join(example, file), 'utf8')), `README.md shows examples/consumer/${file}`);
    }
  });

  it('ships the license and the docs the README links to, and nothing of the tests', () => {
    const installed = path.join(project, 'node_modules', 'cdk-fleet');
    for (const file of ['LICENSE', 'README.md', 'docs/aws.md', 'docs/gcp.md', 'docs/control-planes.md']) assert.ok(fs.existsSync(path.join(installed, file)), file);
    assert.match(fs.readFileSync(path.join(installed, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
    assert.ok(!fs.existsSync(path.join(installed, 'build', 'test')));
  });

  it('reaches nothing but the public API from the package', async () => {
    const probe = `try { require('cdk-fleet/build/lib/internal'); console.log('reachable'); } catch (e) { console.log(e.code); }`;
    const { stdout } = await run('node', ['-e', probe], { cwd: project });
    assert.equal(stdout.trim(), 'ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('writes each cluster\'s objects with cdk8s synth, through its own cdk8s App', () => {
    const charts = [...synthesized.keys()].filter((f) => f.startsWith(`kubernetes${path.sep}`));
    assert.equal(charts.length, 2, charts.join(', '));
    for (const cluster of ['gke-us', 'eks-eu']) {
      const file = charts.find((f) => path.basename(f).startsWith(`shop-${cluster}-`));
      assert.ok(file, cluster);
      const deployment = parseManifests(synthesized.get(file) ?? '').find((m) => m.kind === 'Deployment');
      assert.equal(deployment?.metadata.name, 'web');
      assert.equal(deployment?.spec.replicas, 3);
    }
  });

  it('passes terraform validate on every AWS stack its own cdktf App wrote', { skip: terraformSkip() }, async () => {
    const stacks = new Map<string, TerraformJson>();
    for (const [file, content] of synthesized) {
      const match = /^terraform[\\/]stacks[\\/]([^\\/]+)[\\/]cdk\.tf\.json$/.exec(file);
      if (!match) continue;
      const json = JSON.parse(content) as TerraformJson;
      assert.deepEqual(json.terraform.backend.s3.bucket, 'my-tf-state', match[1]);
      if (usesOnlyAws(json)) stacks.set(match[1], json);
    }
    assert.deepEqual([...stacks.keys()].sort(), ['aws-certificates', 'cluster-eks-eu', 'dns-zone', 'global-dns-web']);
    for (const [stack, diagnostics] of await validateStacks(stacks)) {
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail ?? ''}`), [], stack);
    }
  });

  it('prints every problem of a bad declaration, without a stack trace, and exits with 1', async () => {
    const program = fs.readFileSync(path.join(project, 'main.ts'), 'utf8');
    fs.writeFileSync(path.join(project, 'main.ts'), program.replace('nodePort: 30080', 'nodePort: 8080').replace("zoneName: 'example.com'", "zoneName: 'example.org'"));
    await run(path.join(project, 'node_modules', '.bin', 'tsc'), [], { cwd: project });
    const failure = await run('node', ['main.js'], { cwd: project }).then(() => undefined, (e: { code: number; stderr: string }) => e);
    assert.ok(failure, 'the program fails');
    assert.equal(failure.code, 1);
    assert.equal(failure.stderr, [
      'Invalid fleet declaration (2 problems), nothing was written:',
      '  - apps.web.nodePort: 8080 is not a valid NodePort (30000-32767); pick a free port in that range',
      '  - apps.web.ingress.host: "web.example.com" is not in the DNS zone "example.org"; use a host under example.org, or publish another zone',
      '',
    ].join('\n'));
  });
});
