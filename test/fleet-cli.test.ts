import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Progress } from '../lib/cli/progress';
import { readTree, tempDir } from './support/synth';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'build', 'lib', 'cli', 'main.js');
const LIB = path.join(ROOT, 'build', 'lib');

/** Runs the real CLI in a child process, as `npx cdk-fleet` would. */
function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A fleet program in a new folder: the default fleet, changed by `body` (JavaScript run with `fleet` in scope). */
function program(body = '', file = 'fleet.js'): string {
  const dir = tempDir('cdk-fleet-cli-');
  fs.writeFileSync(path.join(dir, file), [
    `const { defaultFleet, defaultSynthOptions } = require(${JSON.stringify(path.join(ROOT, 'build', 'main.js'))});`,
    `const lib = require(${JSON.stringify(LIB)});`,
    'const fleet = defaultFleet();',
    body,
    'module.exports = { fleet, synthOptions: defaultSynthOptions };',
    '',
  ].join('\n'));
  return path.join(dir, file);
}

describe('the cdk-fleet CLI', () => {
  it('`diff` exits 0 on the committed dist/ (package.json names the program)', () => {
    const run = cli(['diff']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'No changes: the output is up to date.\n');
  });

  it('`synth` writes the output and prints the summary; `diff` then exits 1 after a change, naming it', () => {
    const outdir = path.join(tempDir(), 'dist');
    const first = cli(['synth', '--app', program(), '--outdir', outdir]);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(fs.existsSync(path.join(outdir, 'FLEET.md')));
    assert.match(first.stderr, /synthesized 6 clusters, 2 apps into .*: \d+ files written, 0 unchanged, 0 removed/);
    const written = readTree(outdir);

    const changed = program("fleet.addCluster({ name: 'ap-southeast-2', cloud: 'aws', region: 'ap-southeast-2' });");
    const diff = cli(['diff', '--app', changed, '--outdir', outdir]);
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout, /^cluster ap-southeast-2 \(new\): 19 added, 0 changed, 0 removed$/m);
    assert.match(diff.stdout, /^stack cluster-ap-southeast-2 \(new\): \d+ added/m);
    assert.match(diff.stdout, /^ {2}\+ aws_acm_certificate\.certificate-ap-southeast-2-get-region$/m);
    assert.deepEqual(readTree(outdir), written, 'diff writes nothing');
  });

  it('`diff` marks a replacement loudly', () => {
    const outdir = path.join(tempDir(), 'dist');
    assert.equal(cli(['synth', '--app', program(), '--outdir', outdir]).code, 0);
    const resized = program([
      'const resized = new lib.Fleet(fleet.props);',
      "for (const c of fleet.clusters) resized.addCluster(c.name === 'eu-west-1' ? { ...c.props, nodePool: { machineType: 'm6i.xlarge' } } : c.props);",
      'for (const a of fleet.apps) resized.addApp(a.props);',
    ].join('\n'));
    fs.appendFileSync(resized, 'module.exports.fleet = resized;\n');
    const diff = cli(['diff', '--app', resized, '--outdir', outdir]);
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout, /~ aws_eks_node_group\.nodes: instance_types\[0\] m6i\.large → m6i\.xlarge \[replaced\] {2}!! REPLACED/);
  });

  it('refuses to delete a cluster whose stack the previous output lists, exit 3, and goes on when acknowledged', () => {
    const outdir = path.join(tempDir(), 'dist');
    assert.equal(cli(['synth', '--app', program(), '--outdir', outdir]).code, 0);
    const smaller = program([
      'const smaller = new lib.Fleet(fleet.props);',
      "for (const c of fleet.clusters) if (c.name !== 'asia-east1') smaller.addCluster(c.props);",
      'for (const a of fleet.apps) smaller.addApp(a.props);',
    ].join('\n'));
    fs.appendFileSync(smaller, 'module.exports.fleet = smaller;\n');
    const refused = cli(['synth', '--app', smaller, '--outdir', outdir]);
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /cluster "asia-east1": stack cluster-asia-east1: the previous output lists it/);
    assert.match(refused.stderr, /cdk-fleet synth --acknowledge-removal cluster-asia-east1/);
    assert.equal(cli(['diff', '--app', smaller, '--outdir', outdir]).code, 3);
    const acknowledged = cli(['synth', '--app', smaller, '--outdir', outdir, '--acknowledge-removal', 'cluster-asia-east1']);
    assert.equal(acknowledged.code, 0, acknowledged.stderr);
    assert.match(acknowledged.stdout, /^stack cluster-asia-east1 \(removed\): 0 added, 0 changed, \d+ removed$/m);
    assert.match(acknowledged.stdout, /^!! {3}stack cluster-asia-east1 is removed: \d+ resources destroyed$/m);
  });

  it('`validate` prints every problem, numbered, without a stack trace, and exits 2', () => {
    const bad = program("fleet.addCluster({ name: 'Bad_Name', cloud: 'gcp', region: 'mars-central1' }); fleet.addApp({ name: 'x', image: 'x:latest', containerPort: 8080, nodePort: 8080 });");
    const run = cli(['validate', '--app', bad]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^The fleet declaration has \d+ problems; nothing was written:$/m);
    assert.match(run.stderr, /^ {2}1\. clusters\[6\]\.name: "Bad_Name" is not/m);
    assert.match(run.stderr, /^ {2}\d+\. apps\.x\.nodePort: 8080 is not a valid NodePort \(30000-32767\)/m);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    const lines = run.stderr.split('\n').filter((l) => /^ {2}\d+\. /.test(l));
    assert.equal(new Set(lines).size, lines.length, 'each problem once');
    const synth = cli(['synth', '--app', bad, '--outdir', path.join(tempDir(), 'dist')]);
    assert.equal(synth.code, 2);
  });

  it('runs a TypeScript fleet program through the runner the project has (tsx)', () => {
    const dir = tempDir('cdk-fleet-cli-ts-');
    const file = path.join(dir, 'fleet.ts');
    fs.writeFileSync(file, [
      `import { ControlPlaneAccess, Fleet } from ${JSON.stringify(LIB)};`,
      "const props: { name: string; gcp: { project: string } } = { name: 'typed', gcp: { project: 'typed-project' } };",
      'export const fleet = new Fleet({ ...props, controlPlaneAccess: ControlPlaneAccess.privateOnly() });',
      "fleet.addCluster({ name: 'one', cloud: 'gcp', region: 'us-central1' });",
      '',
    ].join('\n'));
    const run = cli(['validate', '--app', file]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'The fleet "typed" is valid: 1 clusters, 0 apps.\n');
  });

  it('`graph` prints the picture; --mermaid the diagram alone', () => {
    const run = cli(['graph']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, fs.readFileSync(path.join(ROOT, 'dist', 'FLEET.md'), 'utf8'));
    assert.match(cli(['graph', '--mermaid']).stdout, /^flowchart LR\n/);
  });

  it('colours the marks only when asked, and never with NO_COLOR', () => {
    const outdir = path.join(tempDir(), 'dist');
    assert.equal(cli(['synth', '--app', program(), '--outdir', outdir]).code, 0);
    const changed = program("fleet.addCluster({ name: 'extra', cloud: 'gcp', region: 'us-west1' });");
    assert.match(cli(['diff', '--app', changed, '--outdir', outdir], { env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[32m\+/);
    assert.doesNotMatch(cli(['diff', '--app', changed, '--outdir', outdir], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\u001b\[/);
    assert.doesNotMatch(cli(['diff', '--app', changed, '--outdir', outdir]).stdout, /\u001b\[/, 'not a terminal');
  });

  it('exits 4 on a usage error or a program that exports no fleet', () => {
    assert.equal(cli(['frobnicate']).code, 4);
    assert.equal(cli([]).code, 4);
    const missing = cli(['validate', '--app', 'nowhere.js']);
    assert.equal(missing.code, 4);
    assert.match(missing.stderr, /The fleet program nowhere\.js does not exist/);
    const dir = tempDir('cdk-fleet-cli-');
    fs.writeFileSync(path.join(dir, 'empty.js'), 'module.exports = { other: 1 };\n');
    const empty = cli(['validate', '--app', path.join(dir, 'empty.js')]);
    assert.equal(empty.code, 4);
    assert.match(empty.stderr, /does not export a fleet: add `export const fleet = new Fleet\(\.\.\.\)`.*found exports: other/);
  });

  it('shows progress only on a terminal, and only once a synthesis has taken a second', () => {
    let now = 0;
    const written: string[] = [];
    const tty = new Progress({ isTTY: true, write: (t) => written.push(t) }, () => now);
    tty.phase('plan');
    now = 1500;
    tty.phase('terraform');
    now = 2000;
    tty.done();
    assert.deepEqual(written, ['cdk-fleet: terraform… (1.5 s)\n', 'cdk-fleet: done in 2.0 s\n']);
    const piped: string[] = [];
    const pipe = new Progress({ isTTY: false, write: (t) => piped.push(t) }, () => now);
    now = 5000;
    pipe.phase('terraform');
    pipe.done();
    assert.deepEqual(piped, []);
  });
});
