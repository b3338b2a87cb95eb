import { EnvValue, Fleet, FleetValidationError, Replicas, synth } from './lib';

/**
 * The seed's scenario: the `get-region` app, which answers with the region it runs in, on four GKE clusters
 * around the world and two EKS clusters, four replicas in each, behind NodePort 30040.
 */
export function defaultFleet(): Fleet {
  const fleet = new Fleet({ name: 'fleet', gcp: { project: 'fleet-example' } });

  for (const region of ['us-central1', 'us-east1', 'europe-west1', 'asia-east1']) {
    fleet.addCluster({ name: region, cloud: 'gcp', region });
  }
  for (const region of ['us-west-2', 'eu-west-1']) {
    fleet.addCluster({ name: region, cloud: 'aws', region });
  }

  fleet.addApp({
    name: 'get-region',
    image: 'hashicorp/http-echo:1.0.0',
    args: ['-listen=:8080', '-text=$(REGION)'],
    env: { REGION: EnvValue.fromCluster('region') },
    containerPort: 8080,
    readiness: { path: '/health' },
    replicas: Replicas.perCluster(4),
    nodePort: 30040,
    ingress: { host: 'get-region.example.com' },
  });
  return fleet;
}

export function main(): void {
  const started = process.hrtime.bigint();
  try {
    const result = synth(defaultFleet());
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    for (const root of result.roots) {
      console.log(`${root.directory}: ${root.written} files written${root.removed ? `, ${root.removed} removed` : ''}`);
    }
    console.log(`synthesized ${result.plan.clusters.length} clusters, ${result.plan.apps.length} apps in ${ms.toFixed(0)} ms`);
  } catch (e) {
    if (!(e instanceof FleetValidationError)) throw e;
    console.error(e.message);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
