import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, Autoscaling, Fleet, Replicas, type AppProps } from '../lib';
import { problemsOf } from './support/fleets';
import { propagatedTo } from './support/karmada';
import { validateManifest } from './support/kubernetes-schema';
import { clusterManifests, find, parseManifests, synthToTemp, type Manifest } from './support/synth';

const WORKER: AppProps = { name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } };

/** Two GKE clusters (weights 2 and 1) and an EKS cluster (weight 1). */
function fleetOf(app: AppProps): Fleet {
  const fleet = new Fleet({ gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  fleet.addCluster({ name: 'gke-a', cloud: 'gcp', region: 'us-central1', weight: 2 });
  fleet.addCluster({ name: 'gke-b', cloud: 'gcp', region: 'europe-west1' });
  fleet.addCluster({ name: 'eks', cloud: 'aws', region: 'eu-west-1' });
  fleet.addApp(app);
  return fleet;
}

const hpa = (files: Map<string, string>, cluster: string) => find(clusterManifests(files, cluster), 'HorizontalPodAutoscaler', 'web');

describe('autoscaling', () => {
  it('gives every cluster a HorizontalPodAutoscaler of the Deployment, CPU at 70 % by default, valid against the schema', async () => {
    const { files } = synthToTemp(fleetOf({ ...WORKER, autoscaling: Autoscaling.perCluster(2, 10) }));
    for (const cluster of ['gke-a', 'gke-b', 'eks']) {
      const autoscaler = hpa(files, cluster);
      assert.equal(autoscaler.apiVersion, 'autoscaling/v2');
      assert.deepEqual(autoscaler.metadata, { name: 'web', namespace: 'web', labels: find(clusterManifests(files, cluster), 'Deployment', 'web').metadata.labels });
      assert.deepEqual(autoscaler.spec, {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      });
      assert.deepEqual(await validateManifest(autoscaler), []);
    }
  });

  it('leaves replicas out of the Deployment, so kubectl apply never resets what the autoscaler chose', async () => {
    const { files } = synthToTemp(fleetOf({ ...WORKER, autoscaling: Autoscaling.perCluster(2, 10) }));
    const deployment = find(clusterManifests(files, 'eks'), 'Deployment', 'web');
    assert.ok(!('replicas' in deployment.spec), JSON.stringify(deployment.spec));
    assert.deepEqual(await validateManifest(deployment), []);
  });

  it('scales on memory too, or on memory alone', () => {
    const both = synthToTemp(fleetOf({ ...WORKER, autoscaling: Autoscaling.perCluster(2, 4, { cpuUtilization: 60, memoryUtilization: 80 }) })).files;
    assert.deepEqual(hpa(both, 'gke-a').spec.metrics.map((m: Manifest) => [m.resource.name, m.resource.target.averageUtilization]), [['cpu', 60], ['memory', 80]]);
    const memory = synthToTemp(fleetOf({ ...WORKER, autoscaling: Autoscaling.perCluster(2, 4, { memoryUtilization: 75 }) })).files;
    assert.deepEqual(hpa(memory, 'gke-a').spec.metrics.map((m: Manifest) => m.resource.name), ['memory']);
  });

  it('divides fleet-wide bounds 6 to 12 by weight 2:1:1 as 2-6, 2-3 and 2-3 (largest remainder, min 1 each)', () => {
    const { files } = synthToTemp(fleetOf({ ...WORKER, autoscaling: Autoscaling.divided(6, 12) }));
    const bounds = Object.fromEntries(['gke-a', 'gke-b', 'eks'].map((c) => [c, [hpa(files, c).spec.minReplicas, hpa(files, c).spec.maxReplicas]]));
    // min: 1 each, the other 3 divided 2:1:1 = 1.5, 0.75, 0.75: 1, 0, 0, then the 2 left to the largest remainders.
    // max: 1 each, the other 9 divided 2:1:1 = 4.5, 2.25, 2.25: 4, 2, 2, then the 1 left to gke-a (0.5).
    assert.deepEqual(bounds, { 'gke-a': [2, 6], 'gke-b': [2, 3], eks: [2, 3] });
    const total = (i: number) => Object.values(bounds).reduce((n, b) => n + b[i], 0);
    assert.equal(total(0), 6);
    assert.equal(total(1), 12);
  });

  it('takes a cluster\'s own bounds from its override', () => {
    const { files } = synthToTemp(fleetOf({ ...WORKER, autoscaling: Autoscaling.perCluster(2, 10), overrides: { eks: { autoscaling: { minReplicas: 3, maxReplicas: 20 } } } }));
    assert.deepEqual([hpa(files, 'eks').spec.minReplicas, hpa(files, 'eks').spec.maxReplicas], [3, 20]);
    assert.deepEqual([hpa(files, 'gke-a').spec.minReplicas, hpa(files, 'gke-a').spec.maxReplicas], [2, 10]);
  });

  it('keeps a disruption budget only where the autoscaler never goes below two replicas', () => {
    const { files } = synthToTemp(fleetOf({ ...WORKER, autoscaling: Autoscaling.perCluster(2, 10), overrides: { eks: { autoscaling: { minReplicas: 1 } } } }));
    assert.ok(clusterManifests(files, 'gke-a').some((m) => m.kind === 'PodDisruptionBudget'));
    assert.ok(!clusterManifests(files, 'eks').some((m) => m.kind === 'PodDisruptionBudget'));
  });

  it('reports every misuse at once, each with its path', () => {
    const problems = problemsOf(fleetOf({
      ...WORKER,
      replicas: Replicas.perCluster(3),
      autoscaling: Autoscaling.perCluster(4, 2, { cpuUtilization: 0 }),
      overrides: { eks: { replicas: 2, autoscaling: { maxReplicas: 1.5 } } },
    }));
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      'apps.web.autoscaling.cpuUtilization', 'apps.web.autoscaling.max', 'apps.web.overrides.eks.autoscaling.maxReplicas',
      'apps.web.overrides.eks.replicas', 'apps.web.replicas',
    ]);
    assert.match(problems.find((p) => p.path === 'apps.web.replicas')!.message, /the autoscaler owns the replicas/);
    assert.match(problems.find((p) => p.path === 'apps.web.autoscaling.max')!.message, /2 is below the minimum 4/);
  });

  it('refuses per-cluster bounds on a divided range, bounds on an app without autoscaling, and a minimum below the clusters\' minimums', () => {
    const divided = problemsOf(fleetOf({ ...WORKER, autoscaling: Autoscaling.divided(2, 6), overrides: { eks: { autoscaling: { minReplicas: 2 } } } }));
    assert.deepEqual(divided.map((p) => p.path).sort(), ['apps.web.autoscaling.min', 'apps.web.overrides.eks.autoscaling']);
    assert.match(divided.find((p) => p.path === 'apps.web.autoscaling.min')!.message, /3 placed clusters × minPerCluster 1 = 3/);
    const plain = problemsOf(fleetOf({ ...WORKER, overrides: { eks: { autoscaling: { minReplicas: 2 } } } }));
    assert.deepEqual(plain.map((p) => p.path), ['apps.web.overrides.eks.autoscaling']);
  });

  it('is propagated by Karmada: each member scales its own replicas (retain label), with its own bounds', () => {
    const fleet = fleetOf({ ...WORKER, autoscaling: Autoscaling.divided(6, 12) });
    const { files } = synthToTemp(fleet, { controlPlanes: { karmada: true } });
    const karmada = parseManifests(files.get('karmada/app-web.yaml')!);
    const template = karmada.find((o) => o.kind === 'Deployment')!;
    assert.equal(template.metadata.labels['resourcetemplate.karmada.io/retain-replicas'], 'true');
    assert.equal(template.spec.replicas, undefined);
    const policy = karmada.find((o) => o.kind === 'PropagationPolicy' && o.metadata.name === 'web')!;
    assert.deepEqual(policy.spec.placement.replicaScheduling, { replicaSchedulingType: 'Duplicated' });
    assert.ok(policy.spec.resourceSelectors.some((s: Manifest) => s.kind === 'HorizontalPodAutoscaler'));
    for (const cluster of ['gke-a', 'gke-b', 'eks']) {
      const propagated = propagatedTo(karmada, cluster).find((o) => o.kind === 'HorizontalPodAutoscaler');
      assert.deepEqual(propagated, hpa(files, cluster), cluster);
    }
  });
});
