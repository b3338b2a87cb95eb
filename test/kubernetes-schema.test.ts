import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { richFleet, seedFleet } from './support/fleets';
import { validateManifest } from './support/kubernetes-schema';
import { parseManifests, synthToTemp } from './support/synth';

describe('strict schema validation of every synthesized manifest', () => {
  for (const [name, fleet] of [['seed', seedFleet], ['rich', richFleet]] as const) {
    it(`finds no type, required-field or unknown-field error in the ${name} fleet`, async () => {
      const { files } = synthToTemp(fleet());
      let checked = 0;
      for (const [file, content] of files) {
        if (!file.endsWith('.yaml')) continue;
        for (const manifest of parseManifests(content)) {
          assert.deepEqual(await validateManifest(manifest), [], `${file}: ${manifest.kind}/${manifest.metadata?.name}`);
          checked++;
        }
      }
      assert.ok(checked >= (name === 'seed' ? 24 : 20), `only ${checked} manifests checked`);
    });
  }

  it('would catch an unknown field, a wrong type and a missing required field', async () => {
    const { files } = synthToTemp(seedFleet());
    const deployment = parseManifests(files.get('kubernetes/us-east1/app-get-region.yaml')!)[0];
    deployment.spec.template.spec.containers[0].securityContex = {};
    deployment.spec.replicas = '4';
    delete deployment.spec.selector;
    const problems = await validateManifest(deployment);
    assert.ok(problems.some((p) => p.includes('securityContex: unknown field')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('replicas must be integer')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes("required property 'selector'") || p.includes('required property selector')), problems.join('\n'));
  });
});
