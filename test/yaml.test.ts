import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Yaml } from 'cdk8s';
import { renderKubernetes } from '../lib/internal';
import { stringifyYaml } from '../lib/output/yaml';
import { syntheticFleet } from '../bench/synthetic-fleet';
import { richFleet, seedFleet } from './support/fleets';
import { parseManifests } from './support/synth';

describe('the YAML writer', () => {
  it('writes every manifest of the seed, rich and a synthetic fleet exactly as cdk8s Yaml.stringify does', () => {
    let documents = 0;
    for (const fleet of [seedFleet(), richFleet(), syntheticFleet(12, 6)]) {
      for (const file of renderKubernetes(fleet.plan())) {
        const docs = parseManifests(file.content);
        assert.equal(stringifyYaml(docs), Yaml.stringify(...docs), file.path);
        documents += docs.length;
      }
    }
    assert.ok(documents > 300, `only ${documents} documents compared`);
  });

  it('writes awkward values exactly as cdk8s Yaml.stringify does', () => {
    const awkward = [
      '', ' ', 'yes', 'No', 'ON', 'y', 'n', 'null', '~', 'true', '1.0.0', '500m', '25%', '0x1F', '0o17', '1_000', '1e3', '.5', '.inf',
      '2001-12-14', '1:20', ' lead', 'trail ', 'a: b', 'a #b', '#x', '-', '-dash', '- item', '*x', '&x', '!x', '%x', '@x', '`x', '|x', '>x',
      '?x', '? x', '[x', ']x', '{x', '}x', ',x', 'x,y', 'x]', '"q"', "'s'", "it's", 'a"b', 'tab\there', 'multi\nline', 'trailing\n',
      'ünïcödé', '$(REGION)', '-text=$(REGION)', '{"exposed_ports":{"80":{"name":"neg"}}}', 'http://a.b/c?d=e&f', 'a\\b', '=', '<<',
    ];
    const docs: unknown[] = [
      Object.fromEntries(awkward.map((v, i) => [`k${i}`, v])),
      Object.fromEntries(awkward.map((v, i) => [v || `empty${i}`, i])),
      { list: awkward, nested: [[1, [2, []]], [], {}, [{ a: [] }], { b: { c: {} } }], numbers: [0, -1, 1.5, -0, 1e21, 2 ** 53] },
      { flags: [true, false, null], deep: { a: { b: { c: [{ d: [{ e: 'f' }] }] } } } },
      { withUndefined: undefined, after: 1 },
      {},
      [1, 2],
      'scalar document',
    ];
    for (const doc of docs) assert.equal(stringifyYaml([doc]), Yaml.stringify(doc), JSON.stringify(doc));
    assert.equal(stringifyYaml(docs), Yaml.stringify(...docs));
  });
});
