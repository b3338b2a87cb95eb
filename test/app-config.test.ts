import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, EnvValue, Fleet, type AppProps } from '../lib';
import { problemsOf } from './support/fleets';
import { validateManifest } from './support/kubernetes-schema';
import { clusterManifests, find, synthToTemp, type Manifest } from './support/synth';

const APP: AppProps = {
  name: 'web',
  image: 'example/web:1.0.0',
  containerPort: 8080,
  nodePort: 30080,
  ingress: { host: 'web.example.com' },
  env: { DB_PASSWORD: EnvValue.fromSecret('web-db', 'password') },
  configMaps: [
    { name: 'settings', data: { LOG_LEVEL: 'info', REGION: EnvValue.fromCluster('region') }, env: true },
    { name: 'files', data: { 'app.yaml': 'listen: 8080\n', 'tier.txt': EnvValue.fromClusterLabel('tier') }, mountPath: '/etc/web' },
  ],
  secretMounts: [{ secretName: 'web-tls-client', mountPath: '/etc/web-tls' }],
};

function fleetOf(app: AppProps): Fleet {
  const fleet = new Fleet({ gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  fleet.addCluster({ name: 'gke', cloud: 'gcp', region: 'us-central1', labels: { tier: 'edge' } });
  fleet.addCluster({ name: 'eks', cloud: 'aws', region: 'eu-west-1', labels: { tier: 'core' } });
  fleet.addApp(app);
  return fleet;
}

const podSpec = (files: Map<string, string>, cluster: string) => find(clusterManifests(files, cluster), 'Deployment', 'web').spec.template;

describe('configuration: ConfigMaps and Secret references', () => {
  it('writes each ConfigMap with the app\'s name prefix, namespace and labels, and this cluster\'s values, before the Deployment', async () => {
    const { files } = synthToTemp(fleetOf(APP));
    for (const [cluster, region, tier] of [['gke', 'us-central1', 'edge'], ['eks', 'eu-west-1', 'core']]) {
      const manifests = clusterManifests(files, cluster);
      const settings = find(manifests, 'ConfigMap', 'web-settings');
      const deployment = find(manifests, 'Deployment', 'web');
      assert.deepEqual(settings.metadata, { name: 'web-settings', namespace: 'web', labels: deployment.metadata.labels });
      assert.deepEqual(settings.data, { LOG_LEVEL: 'info', REGION: region });
      assert.deepEqual(find(manifests, 'ConfigMap', 'web-files').data, { 'app.yaml': 'listen: 8080\n', 'tier.txt': tier });
      assert.ok(manifests.indexOf(settings) < manifests.indexOf(deployment));
      for (const m of manifests.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Deployment')) assert.deepEqual(await validateManifest(m), [], `${m.kind}/${m.metadata.name}`);
    }
  });

  it('uses a ConfigMap as environment variables or as read-only files, and mounts a Secret read-only', () => {
    const { files } = synthToTemp(fleetOf(APP));
    const { spec } = podSpec(files, 'gke');
    const container = spec.containers[0];
    assert.deepEqual(container.envFrom, [{ configMapRef: { name: 'web-settings' } }]);
    const mounts = Object.fromEntries(container.volumeMounts.map((m: Manifest) => [m.mountPath, m]));
    assert.equal(mounts['/etc/web'].readOnly, true);
    assert.equal(mounts['/etc/web-tls'].readOnly, true);
    const volumes = Object.fromEntries(spec.volumes.map((v: Manifest) => [v.name, v]));
    assert.equal(volumes[mounts['/etc/web'].name].configMap.name, 'web-files');
    assert.equal(volumes[mounts['/etc/web-tls'].name].secret.secretName, 'web-tls-client');
  });

  it('references a Secret\'s key by name, never a value: the output holds no secret', () => {
    const { files } = synthToTemp(fleetOf(APP));
    const env = podSpec(files, 'eks').spec.containers[0].env;
    assert.deepEqual(env, [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'web-db', key: 'password' } } }]);
    assert.ok(![...files.keys()].some((f) => f.startsWith('kubernetes/') && clusterManifests(files, f.split('/')[1]).some((m) => m.kind === 'Secret')));
  });

  it('rolls the Deployment when a ConfigMap\'s content changes: a hash of the content in a pod annotation', () => {
    const hashOf = (files: Map<string, string>, cluster: string) => podSpec(files, cluster).metadata.annotations['cdk-fleet.io/config-hash'];
    const before = synthToTemp(fleetOf(APP)).files;
    const again = synthToTemp(fleetOf(APP)).files;
    assert.match(hashOf(before, 'gke'), /^[0-9a-f]{16}$/);
    assert.equal(hashOf(again, 'gke'), hashOf(before, 'gke'));
    assert.notEqual(hashOf(before, 'eks'), hashOf(before, 'gke'), 'the clusters\' values differ, and so do their hashes');
    const changed = synthToTemp(fleetOf({ ...APP, overrides: { eks: { configMaps: { settings: { LOG_LEVEL: 'debug' } } } } })).files;
    assert.equal(find(clusterManifests(changed, 'eks'), 'ConfigMap', 'web-settings').data.LOG_LEVEL, 'debug');
    assert.notEqual(hashOf(changed, 'eks'), hashOf(before, 'eks'));
    assert.equal(hashOf(changed, 'gke'), hashOf(before, 'gke'), 'a cluster whose ConfigMaps did not change does not roll');
  });

  it('reports every problem of ConfigMaps, Secret references and mounts at once', () => {
    const problems = problemsOf(fleetOf({
      ...APP,
      env: { TOKEN: EnvValue.fromSecret('Not_A_Secret', 'key with spaces') },
      configMaps: [
        { name: 'settings', data: { '9lives': 'x', LEAK: EnvValue.fromSecret('web-db', 'password') }, env: true, mountPath: '/etc/web' },
        { name: 'settings', data: { ok: 'x' }, mountPath: '/etc/web' },
      ],
      secretMounts: [{ secretName: 'web-db', mountPath: 'etc' }],
      overrides: { eks: { configMaps: { setings: { a: 'b' } } } },
    }));
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      'apps.web.configMaps[0].data.9lives',
      'apps.web.configMaps[0].data.LEAK',
      'apps.web.configMaps[1].mountPath',
      'apps.web.configMaps[1].name',
      'apps.web.env.TOKEN.key',
      'apps.web.env.TOKEN.secretName',
      'apps.web.overrides.eks.configMaps.setings',
      'apps.web.secretMounts[0].mountPath',
    ]);
    assert.match(problems.find((p) => p.path === 'apps.web.overrides.eks.configMaps.setings')!.message, /did you mean "settings"/);
    assert.match(problems.find((p) => p.path === 'apps.web.configMaps[0].data.LEAK')!.message, /Secret reference/);
  });

  it('refuses a ConfigMap value that reads a label a cluster lacks, at the entry', () => {
    const problems = problemsOf(fleetOf({ ...APP, configMaps: [{ name: 'files', data: { geo: EnvValue.fromClusterLabel('geo') } }] }));
    assert.deepEqual(problems.map((p) => p.path), ['apps.web.configMaps.files.data.geo', 'apps.web.configMaps.files.data.geo']);
    assert.deepEqual(problems.map((p) => /cluster "(\w+)"/.exec(p.message)?.[1]).sort(), ['eks', 'gke']);
  });
});
