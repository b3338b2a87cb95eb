import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlPlaneAccess, EnvValue, Fleet, Placement, Replicas } from '../lib';
import { divideReplicas } from '../lib/model/replicas';
import { richFleet, seedFleet } from './support/fleets';

describe('replica division', () => {
  it('divides 10 replicas 3:2 over two clusters as 6 and 4', () => {
    const shares = divideReplicas(10, 1, [{ name: 'a', weight: 3 }, { name: 'b', weight: 2 }]);
    assert.deepEqual(Object.fromEntries(shares), { a: 6, b: 4 });
  });

  it('gives the remainder to the largest fractional share', () => {
    // 7 over weights 1:1:1 with no minimum beyond 1: 1 each, 4 left = 1.33 each, one left over.
    const shares = divideReplicas(7, 1, [{ name: 'c', weight: 1 }, { name: 'a', weight: 1 }, { name: 'b', weight: 1 }]);
    assert.deepEqual(Object.fromEntries(shares), { c: 2, a: 3, b: 2 }, 'the tie goes to the alphabetically first name');
  });

  it('breaks ties on the fraction by weight before name', () => {
    // 2 left over weights 1:3 is 0.5 and 1.5: equal fractions, so the heavier "b" gets the last replica,
    // although "a" comes first by name.
    const shares = divideReplicas(4, 1, [{ name: 'a', weight: 1 }, { name: 'b', weight: 3 }]);
    assert.deepEqual(Object.fromEntries(shares), { a: 1, b: 3 });
  });

  it('sums exactly to the total and honours the minimum, for every total and weighting tried', () => {
    const weightings = [[1], [1, 1], [3, 2], [5, 1, 1], [1, 2, 3, 4], [7, 7, 1, 1, 1], [100, 1]];
    for (const weights of weightings) {
      const clusters = weights.map((weight, i) => ({ name: `c${i}`, weight }));
      for (const min of [1, 2]) {
        for (let total = min * clusters.length; total <= 60; total++) {
          const shares = [...divideReplicas(total, min, clusters).values()];
          assert.equal(shares.reduce((a, b) => a + b, 0), total, `weights ${weights} total ${total}`);
          assert.ok(shares.every((s) => s >= min), `weights ${weights} total ${total}: ${shares}`);
        }
      }
    }
  });

  it('does not depend on the order the clusters are listed in', () => {
    const clusters = [{ name: 'x', weight: 2 }, { name: 'y', weight: 1 }, { name: 'z', weight: 1 }];
    const forward = divideReplicas(9, 1, clusters);
    const backward = divideReplicas(9, 1, [...clusters].reverse());
    assert.deepEqual(Object.fromEntries([...forward].sort()), Object.fromEntries([...backward].sort()));
  });
});

describe('fleet plan', () => {
  it('sorts clusters and apps by name, whatever the declaration order', () => {
    const plan = seedFleet().plan();
    assert.deepEqual(plan.clusters.map((c) => c.name), ['asia-east1', 'eu-west-1', 'europe-west1', 'us-central1', 'us-east1', 'us-west-2']);
  });

  it('places an app on every cluster by default, on named clusters, or on clusters whose labels match', () => {
    const plan = richFleet().plan();
    assert.deepEqual(plan.app('web').clusters, ['eks-us', 'gke-eu', 'gke-us']);
    assert.deepEqual(plan.app('api').clusters, ['eks-us', 'gke-us']);
    assert.deepEqual(plan.app('worker').clusters, ['eks-us', 'gke-eu']);
  });

  it('divides a total over the placed clusters by weight', () => {
    const plan = richFleet().plan();
    // weights gke-us 3, eks-us 2, gke-eu 1; 10 = 1 each + 7 divided 3.5 : 2.33 : 1.17
    const replicas = Object.fromEntries(plan.workloadsOf('web').map((w) => [w.cluster.name, w.replicas]));
    assert.deepEqual(replicas, { 'eks-us': 3, 'gke-eu': 2, 'gke-us': 5 });
  });

  it('applies per-cluster overrides of replicas, image, env and resources to that cluster only', () => {
    const plan = richFleet().plan();
    const web = Object.fromEntries(plan.workloadsOf('web').map((w) => [w.cluster.name, w]));
    assert.equal(web['gke-eu'].image, 'registry.example.com/team/web:2.2.0-rc1');
    assert.equal(web['gke-us'].image, 'registry.example.com/team/web:2.1.0');
    assert.deepEqual(web['gke-eu'].env, [{ name: 'CLUSTER', value: 'gke-eu' }, { name: 'GEO', value: 'eu' }, { name: 'MODE', value: 'canary' }]);
    assert.deepEqual(web['gke-us'].env.find((e) => e.name === 'MODE'), { name: 'MODE', value: 'production' });
    const api = Object.fromEntries(plan.workloadsOf('api').map((w) => [w.cluster.name, w]));
    assert.equal(api['eks-us'].replicas, 5);
    assert.equal(api['gke-us'].replicas, 2);
    assert.equal(api['eks-us'].resources.cpuLimit, undefined);
    assert.equal(api['gke-us'].resources.cpuLimit, '500m');
  });

  it('resolves environment values from the cluster each replica runs in', () => {
    const plan = seedFleet().plan();
    for (const w of plan.workloadsOf('get-region')) {
      assert.deepEqual(w.env, [{ name: 'REGION', value: w.cluster.region }]);
    }
  });

  it('exposes an app through a NodePort, NEGs or a LoadBalancer as its load balancing style needs', () => {
    const plan = richFleet().plan();
    const type = (app: string, cluster: string) => plan.workloadsOf(app).find((w) => w.cluster.name === cluster)?.serviceType;
    assert.equal(type('web', 'gke-us'), 'NodePort');
    assert.equal(type('web', 'eks-us'), 'NodePort');
    assert.equal(type('api', 'gke-us'), 'ClusterIP');
    assert.equal(type('api', 'eks-us'), 'LoadBalancer');
    assert.equal(type('worker', 'eks-us'), 'ClusterIP');
  });

  it('gives GCP clusters explicit zones and leaves AWS zones to Terraform unless declared', () => {
    const plan = richFleet().plan();
    assert.deepEqual(plan.cluster('gke-us').zones, ['us-central1-a', 'us-central1-b', 'us-central1-c']);
    assert.deepEqual(plan.cluster('gke-eu').zones, ['europe-west1-b', 'europe-west1-c']);
    assert.deepEqual(plan.cluster('eks-us').zones, []);
    assert.equal(plan.cluster('eks-us').zoneCount, 3);
  });

  it('keeps one selector label, from the app name only', () => {
    const plan = richFleet().plan();
    for (const app of plan.apps) assert.deepEqual(app.selector, { 'app.kubernetes.io/name': app.name });
  });

  it('reads a placement and an env value the same way for a fleet built in any order', () => {
    const build = (reverse: boolean) => {
      const fleet = new Fleet({ gcp: { project: 'my-project' }, controlPlaneAccess: ControlPlaneAccess.privateOnly() });
      const clusters = [
        { name: 'b', cloud: 'gcp' as const, region: 'europe-west1', labels: { env: 'prod' } },
        { name: 'a', cloud: 'gcp' as const, region: 'us-east1', labels: { env: 'prod' } },
      ];
      for (const c of reverse ? clusters.reverse() : clusters) fleet.addCluster(c);
      fleet.addApp({ name: 'x', image: 'x:1', containerPort: 80, placement: Placement.matchLabels({ env: 'prod' }), env: { E: EnvValue.fromClusterLabel('env') }, replicas: Replicas.divided(5) });
      return fleet.plan();
    };
    assert.deepEqual(build(false).workloadsOf('x').map((w) => [w.cluster.name, w.replicas, w.env]), build(true).workloadsOf('x').map((w) => [w.cluster.name, w.replicas, w.env]));
  });
});
