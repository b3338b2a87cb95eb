import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, Fleet, ManifestPatch, ManifestSource, Placement, type AppProps, type ManifestsProps } from '../lib';
import { problemsOf } from './support/fleets';
import { validateManifest } from './support/kubernetes-schema';
import { propagatedTo } from './support/karmada';
import { find, parseManifests, synthToTemp, tempDir, type Manifest } from './support/synth';

// `helm template podinfo` style output: comments, a Service and a Deployment with no namespace, an empty document.
const HELM_OUTPUT = path.join(__dirname, '..', '..', 'test', 'fixtures', 'helm', 'podinfo.yaml');
const WEB: AppProps = { name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } };

function fleetOf(...sets: ManifestsProps[]): Fleet {
  const fleet = new Fleet({ gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  fleet.addCluster({ name: 'gke', cloud: 'gcp', region: 'us-central1', labels: { tier: 'edge' } });
  fleet.addCluster({ name: 'eks', cloud: 'aws', region: 'eu-west-1', labels: { tier: 'core' } });
  fleet.addApp(WEB);
  for (const set of sets) fleet.addManifests(set);
  return fleet;
}

const ISSUER = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'letsencrypt' }, spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory' } } };
const SETTINGS = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'platform', namespace: 'platform' }, data: { tier: 'any' } };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'platform' } };

describe('federated manifests', () => {
  it('places objects given as code on the clusters of the placement, in their own file, in declared order', () => {
    const { files } = synthToTemp(fleetOf({ name: 'platform', source: ManifestSource.fromObjects([NAMESPACE, SETTINGS]), placement: Placement.matchLabels({ tier: 'edge' }) }));
    const written = parseManifests(files.get('kubernetes/gke/manifest-platform.yaml')!);
    assert.deepEqual(written.map((o) => `${o.kind}/${o.metadata.name}`), ['Namespace/platform', 'ConfigMap/platform']);
    assert.deepEqual(written[1], SETTINGS);
    assert.equal(files.get('kubernetes/eks/manifest-platform.yaml'), undefined);
  });

  it('reads a multi-document YAML file such as helm template writes, gives the set\'s namespace to namespaced objects, and passes strict schema validation', async () => {
    const { files } = synthToTemp(fleetOf({ name: 'podinfo', source: ManifestSource.fromFile(HELM_OUTPUT), namespace: 'podinfo' }));
    for (const cluster of ['gke', 'eks']) {
      const objects = parseManifests(files.get(`kubernetes/${cluster}/manifest-podinfo.yaml`)!);
      assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`), ['Service/podinfo/podinfo', 'Deployment/podinfo/podinfo', 'ClusterRole/-/podinfo:read']);
      for (const o of objects) assert.deepEqual(await validateManifest(o), [], `${cluster}: ${o.kind}`);
      assert.equal(find(objects, 'Deployment', 'podinfo').spec.template.spec.containers[0].env[0].value, '#34577c');
    }
  });

  it('patches an object in one cluster with a JSON patch (RFC 6902) and a merge patch (RFC 7386)', () => {
    const { files } = synthToTemp(fleetOf({
      name: 'podinfo',
      source: ManifestSource.fromFile(HELM_OUTPUT),
      namespace: 'podinfo',
      overrides: {
        eks: [
          ManifestPatch.json({ kind: 'Deployment', name: 'podinfo' }, [{ op: 'replace', path: '/spec/replicas', value: 3 }, { op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'CLOUD', value: 'aws' } }]),
          ManifestPatch.merge({ kind: 'Service', name: 'podinfo', namespace: 'podinfo' }, { metadata: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } }, spec: { type: null } }),
        ],
      },
    }));
    const eks = parseManifests(files.get('kubernetes/eks/manifest-podinfo.yaml')!);
    const gke = parseManifests(files.get('kubernetes/gke/manifest-podinfo.yaml')!);
    assert.equal(find(eks, 'Deployment', 'podinfo').spec.replicas, 3);
    assert.deepEqual(find(eks, 'Deployment', 'podinfo').spec.template.spec.containers[0].env.at(-1), { name: 'CLOUD', value: 'aws' });
    assert.equal(find(eks, 'Service', 'podinfo').metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-internal'], 'true');
    assert.equal(find(eks, 'Service', 'podinfo').spec.type, undefined);
    assert.equal(find(gke, 'Deployment', 'podinfo').spec.replicas, 1);
    assert.equal(find(gke, 'Service', 'podinfo').spec.type, 'ClusterIP');
  });

  it('keeps custom resources of cluster-scoped kinds without a namespace when listed', () => {
    const { files } = synthToTemp(fleetOf({ name: 'issuers', source: ManifestSource.fromObjects([ISSUER]), clusterScopedKinds: ['ClusterIssuer'], namespace: 'ignored' }));
    assert.deepEqual(parseManifests(files.get('kubernetes/gke/manifest-issuers.yaml')!), [ISSUER]);
  });

  it('reports every problem of the objects, the placement and the patches at once', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'no-namespace' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', namespace: 'y' } },
      { apiVersion: 'apps/v1', kind: 'deployment', metadata: { name: 'lower' } },
      { apiVersion: '1', kind: 'Thing', metadata: { name: 'Bad_Name', namespace: 'ns' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'ns' }, stringData: { password: 'hunter2' } },
      SETTINGS,
      SETTINGS,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'web' } },
    ];
    const problems = problemsOf(fleetOf({
      name: 'broken',
      source: ManifestSource.fromObjects(objects),
      overrides: {
        eks: [ManifestPatch.json({ kind: 'ConfigMap', name: 'missing' }, []), ManifestPatch.json({ kind: 'ConfigMap', name: 'platform' }, [{ op: 'remove', path: '/data/absent' }])],
        nowhere: [],
      },
    }));
    const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message).join(' | ');
    assert.match(at('manifests.broken.objects[0].metadata.namespace'), /is required: ConfigMap is namespaced/);
    assert.match(at('manifests.broken.objects[1].metadata.namespace'), /Namespace is cluster-scoped/);
    assert.match(at('manifests.broken.objects[2].kind'), /"deployment" is not a kind/);
    assert.match(at('manifests.broken.objects[3].apiVersion'), /"1" is not an API version/);
    assert.match(at('manifests.broken.objects[3].metadata.name'), /"Bad_Name" is not a DNS-1123 subdomain/);
    assert.match(at('manifests.broken.objects[4]'), /holds values, which would be written to the output in the clear/);
    assert.match(at('manifests.broken.objects[6]'), /ConfigMap platform\/platform is already an object of manifest set "broken"/);
    assert.match(at('manifests.broken.objects[7]'), /Deployment web\/web is already an object of app "web"/);
    assert.match(at('manifests.broken.overrides.eks[0].target'), /ConfigMap missing is not an object of the set/);
    assert.match(at('manifests.broken.overrides.eks[1].target'), /matches 2 objects/);
    assert.match(at('manifests.broken.overrides.nowhere'), /is not a cluster of the fleet/);
  });

  it('reports a patch that cannot be applied, and a file that is missing or not YAML', () => {
    const patch = problemsOf(fleetOf({ name: 'p', source: ManifestSource.fromObjects([SETTINGS]), overrides: { gke: [ManifestPatch.json({ kind: 'ConfigMap', name: 'platform' }, [{ op: 'remove', path: '/data/absent' }])] } }));
    assert.deepEqual(patch.map((p) => p.path), ['manifests.p.overrides.gke[0]']);
    assert.match(patch[0].message, /cannot be applied to ConfigMap platform\/platform: operation 0 \(remove \/data\/absent\): \/data\/absent does not exist/);
    const bad = path.join(tempDir(), 'bad.yaml');
    fs.writeFileSync(bad, 'apiVersion: v1\nkind: [unclosed\n');
    const problems = problemsOf(fleetOf({ name: 'missing', source: ManifestSource.fromFile('/nonexistent/chart.yaml') }, { name: 'bad', source: ManifestSource.fromFile(bad) }));
    assert.deepEqual(problems.map((p) => p.path).sort(), ['manifests.bad.source', 'manifests.missing.source']);
    assert.match(problems.find((p) => p.path === 'manifests.missing.source')!.message, /cannot read "\/nonexistent\/chart.yaml": ENOENT/);
    assert.match(problems.find((p) => p.path === 'manifests.bad.source')!.message, /is not valid YAML/);
  });

  it('are propagated by Karmada to exactly each cluster\'s objects, cluster-scoped ones by cluster-wide policies', () => {
    const fleet = fleetOf({
      name: 'podinfo',
      source: ManifestSource.fromFile(HELM_OUTPUT),
      namespace: 'podinfo',
      overrides: { eks: [ManifestPatch.json({ kind: 'Deployment', name: 'podinfo' }, [{ op: 'replace', path: '/spec/replicas', value: 3 }])] },
    });
    const { files } = synthToTemp(fleet, { controlPlanes: { karmada: true } });
    const karmada = parseManifests(files.get('karmada/manifest-podinfo.yaml')!);
    assert.deepEqual(karmada.filter((o) => o.apiVersion === 'policy.karmada.io/v1alpha1').map((o) => `${o.kind}/${o.metadata.name}`), [
      'ClusterPropagationPolicy/manifest-podinfo', 'PropagationPolicy/manifest-podinfo', 'OverridePolicy/manifest-podinfo-deployment-podinfo',
    ]);
    for (const cluster of ['gke', 'eks']) {
      const direct = parseManifests(files.get(`kubernetes/${cluster}/manifest-podinfo.yaml`)!);
      const key = (o: Manifest) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
      assert.deepEqual(new Map(propagatedTo(karmada, cluster).map((o) => [key(o), o])), new Map(direct.map((o) => [key(o), o])), cluster);
    }
  });

  it('leaves every other file of a cluster as it was when a set is added', () => {
    const before = synthToTemp(fleetOf()).files;
    const after = synthToTemp(fleetOf({ name: 'platform', source: ManifestSource.fromObjects([NAMESPACE, SETTINGS]) })).files;
    for (const [file, content] of before) {
      if (file.startsWith('kubernetes/') && file.endsWith('.yaml')) assert.equal(after.get(file), content, file);
    }
    const added = [...after.keys()].filter((f) => !before.has(f) && f.startsWith('kubernetes/') && f.endsWith('.yaml'));
    assert.deepEqual(added.sort(), ['kubernetes/eks/manifest-platform.yaml', 'kubernetes/gke/manifest-platform.yaml']);
  });
});

