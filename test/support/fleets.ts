import assert from 'node:assert/strict';
import {
  ControlPlaneAccess, DnsZone, EnvValue, Fleet, FleetValidationError, IngressTls, LivenessProbe, Placement, Replicas,
  type FleetProps, type Problem,
} from '../../lib';

export { defaultFleet as seedFleet, defaultSynthOptions as seedOptions } from '../../main';

/**
 * A fleet that uses every option: both clouds, labels and weights, divided replicas, overrides, both backend
 * styles on each cloud, an internal app, writable paths and a shared namespace.
 */
export function richFleet(props: FleetProps = { name: 'rich', gcp: { project: 'rich-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() }): Fleet {
  const fleet = new Fleet(props);
  fleet.addCluster({ name: 'gke-us', cloud: 'gcp', region: 'us-central1', labels: { tier: 'edge', geo: 'us' }, weight: 3 });
  fleet.addCluster({ name: 'gke-eu', cloud: 'gcp', region: 'europe-west1', zones: ['europe-west1-b', 'europe-west1-c'], labels: { tier: 'edge', geo: 'eu' }, ingressClassName: 'nginx' });
  fleet.addCluster({ name: 'eks-us', cloud: 'aws', region: 'us-east-1', labels: { tier: 'core', geo: 'us' }, weight: 2, nodePool: { machineType: 'm6i.xlarge', minNodes: 2, maxNodes: 10 } });

  fleet.addApp({
    name: 'web',
    image: 'registry.example.com/team/web:2.1.0',
    containerPort: 8080,
    replicas: Replicas.divided(10),
    nodePort: 30080,
    ingress: { host: 'web.example.com', inCluster: { className: 'traefik', tls: IngressTls.certManager('letsencrypt') } },
    env: { CLUSTER: EnvValue.fromCluster('name'), GEO: EnvValue.fromClusterLabel('geo'), MODE: 'production' },
    resources: { cpuRequest: '250m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
    overrides: { 'gke-eu': { image: 'registry.example.com/team/web:2.2.0-rc1', env: { MODE: 'canary' } } },
  });
  fleet.addApp({
    name: 'api',
    namespace: 'shared',
    image: `registry.example.com/team/api@sha256:${'a'.repeat(64)}`,
    containerPort: 9000,
    servicePort: 443,
    replicas: Replicas.perCluster(2),
    placement: Placement.matchLabels({ geo: 'us' }),
    ingress: { host: 'api.example.com', path: '/v1' },
    loadBalancing: { gcp: { backend: 'neg' }, aws: { loadBalancer: 'service', certificateArns: { 'us-east-1': 'arn:aws:acm:us-east-1:123456789012:certificate/0b6a5b1c-1234-4cde-8f00-123456789abc' } } },
    readiness: { path: '/ready', periodSeconds: 5 },
    liveness: LivenessProbe.httpGet('/live'),
    security: { writablePaths: ['/tmp', '/var/cache/api'] },
    overrides: { 'eks-us': { replicas: 5, resources: { cpuLimit: false } } },
  });
  fleet.addApp({
    name: 'worker',
    namespace: 'shared',
    image: 'registry.example.com/team/worker:1.0.0',
    command: ['/worker'],
    containerPort: 7000,
    replicas: Replicas.perCluster(1),
    placement: Placement.clusters('gke-eu', 'eks-us'),
  });
  return fleet;
}

/** What `fleet.plan()` reports: every problem, or none when the fleet plans. */
export function problemsOf(fleet: Fleet): Problem[] {
  try {
    fleet.plan();
    return [];
  } catch (e) {
    assert.ok(e instanceof FleetValidationError, String(e));
    return [...e.problems];
  }
}
