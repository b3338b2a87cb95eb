import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { seedFleet, seedOptions } from './support/fleets';
import { readTree, synthToTemp, tempDir } from './support/synth';

const ROOT = path.join(__dirname, '..', '..');
const SYNTH = path.join(ROOT, 'scripts', 'synth.js');

describe('command lines', () => {
  it('`npm run synth -- --outdir <dir>` writes the default fleet there', () => {
    const outdir = tempDir();
    execFileSync('npm', ['run', '-s', 'synth', '--', '--outdir', outdir], { cwd: ROOT, stdio: 'pipe' });
    assert.deepEqual(readTree(outdir), synthToTemp(seedFleet(), seedOptions()).files);
  });

  it('`cdk8s synth` (cdk8s-cli, as cdk8s.yaml configures it) writes the same Kubernetes output', () => {
    const cwd = tempDir();
    const output = path.join(cwd, 'dist', 'kubernetes');
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--app', `node ${SYNTH}`, '--output', output], { cwd, stdio: 'pipe' });
    const expected = new Map([...synthToTemp(seedFleet()).files].filter(([p]) => p.startsWith('kubernetes/')).map(([p, c]) => [p.slice('kubernetes/'.length), c]));
    assert.deepEqual(readTree(output), expected);
  });
});
