import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, Fleet, IngressTls, type AppProps } from '../lib';
import { seedFleet, problemsOf } from './support/fleets';
import { validateManifest } from './support/kubernetes-schema';
import { clusterManifests, find, synthToTemp, type Manifest } from './support/synth';

const WEB: AppProps = { name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } };

function fleetOf(app: AppProps, gkeClass?: string): Fleet {
  const fleet = new Fleet({ gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  fleet.addCluster({ name: 'gke', cloud: 'gcp', region: 'us-central1', ...(gkeClass ? { ingressClassName: gkeClass } : {}) });
  fleet.addCluster({ name: 'eks', cloud: 'aws', region: 'eu-west-1' });
  fleet.addApp(app);
  return fleet;
}

function ingresses(files: Map<string, string>, cluster: string): Manifest[] {
  return clusterManifests(files, cluster).filter((m) => m.kind === 'Ingress');
}

describe('in-cluster Ingresses', () => {
  it('writes none by default: an app with a host gets no extra load balancer per cluster (the seed fleet has none)', () => {
    const { files } = synthToTemp(seedFleet());
    for (const cluster of ['us-central1', 'us-east1', 'europe-west1', 'asia-east1', 'us-west-2', 'eu-west-1']) {
      assert.deepEqual(ingresses(files, cluster), [], cluster);
    }
  });

  it('names an existing TLS Secret, with no cert-manager annotation, and is valid against the schema', async () => {
    const { files } = synthToTemp(fleetOf({ ...WEB, ingress: { host: 'web.example.com', inCluster: { className: 'nginx', tls: IngressTls.fromSecret('wildcard-example-com') } } }));
    for (const cluster of ['gke', 'eks']) {
      const ingress = find(clusterManifests(files, cluster), 'Ingress', 'web');
      assert.equal(ingress.spec.ingressClassName, 'nginx');
      assert.deepEqual(ingress.spec.tls, [{ hosts: ['web.example.com'], secretName: 'wildcard-example-com' }]);
      assert.equal(ingress.metadata.annotations, undefined);
      assert.deepEqual(await validateManifest(ingress), []);
    }
  });

  it('has no tls block with IngressTls.none(), and a namespaced Issuer through cert-manager\'s issuer annotation', async () => {
    const none = synthToTemp(fleetOf({ ...WEB, ingress: { host: 'web.example.com', inCluster: { className: 'nginx', tls: IngressTls.none() } } })).files;
    const plain = find(clusterManifests(none, 'gke'), 'Ingress', 'web');
    assert.equal(plain.spec.tls, undefined);
    assert.deepEqual(await validateManifest(plain), []);
    const issued = synthToTemp(fleetOf({ ...WEB, ingress: { host: 'web.example.com', inCluster: { className: 'nginx', tls: IngressTls.certManager('team-ca', { issuerKind: 'Issuer', secretName: 'web-cert' }) } } })).files;
    const ingress = find(clusterManifests(issued, 'eks'), 'Ingress', 'web');
    assert.deepEqual(ingress.metadata.annotations, { 'cert-manager.io/issuer': 'team-ca' });
    assert.deepEqual(ingress.spec.tls, [{ hosts: ['web.example.com'], secretName: 'web-cert' }]);
    assert.deepEqual(await validateManifest(ingress), []);
  });

  it('uses a cluster\'s ingressClassName over the app\'s class', () => {
    const { files } = synthToTemp(fleetOf({ ...WEB, ingress: { host: 'web.example.com', inCluster: { className: 'nginx', tls: IngressTls.none() } } }, 'gke-internal-nginx'));
    assert.equal(find(clusterManifests(files, 'gke'), 'Ingress', 'web').spec.ingressClassName, 'gke-internal-nginx');
    assert.equal(find(clusterManifests(files, 'eks'), 'Ingress', 'web').spec.ingressClassName, 'nginx');
  });

  it('refuses an in-cluster Ingress without a class in a cluster that names none', () => {
    const problems = problemsOf(fleetOf({ ...WEB, ingress: { host: 'web.example.com', inCluster: { tls: IngressTls.none() } } }, 'nginx'));
    assert.deepEqual(problems.map((p) => p.path), ['apps.web.ingress.inCluster.className']);
    assert.match(problems[0].message, /is required: eks has no ingressClassName/);
    assert.match(problems[0].message, /one more Google load balancer per cluster/);
  });

  it('refuses the options of earlier versions with their replacement, and a bad certificate source, all at once', () => {
    const legacy = { host: 'web.example.com', inCluster: true, tlsSecretName: 'web-tls' } as unknown as AppProps['ingress'];
    const problems = problemsOf(fleetOf({ ...WEB, ingress: legacy }));
    assert.deepEqual(problems.map((p) => p.path).sort(), ['apps.web.ingress.inCluster', 'apps.web.ingress.tlsSecretName']);
    assert.match(problems.find((p) => p.path === 'apps.web.ingress.tlsSecretName')!.message, /IngressTls\.fromSecret\("web-tls"\)/);
    const bad = problemsOf(fleetOf({ ...WEB, ingress: { host: 'web.example.com', inCluster: { className: 'Nginx!', tls: 'web-tls' as never } } }));
    assert.deepEqual(bad.map((p) => p.path).sort(), ['apps.web.ingress.inCluster.className', 'apps.web.ingress.inCluster.tls']);
    const issuer = problemsOf(fleetOf({ ...WEB, ingress: { host: 'web.example.com', inCluster: { className: 'nginx', tls: IngressTls.certManager('Lets Encrypt') } } }));
    assert.deepEqual(issuer.map((p) => p.path), ['apps.web.ingress.inCluster.tls.issuer']);
  });
});
