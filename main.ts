import { Autoscaling, ControlPlaneAccess, DnsZone, EnvValue, Fleet, FleetValidationError, OutputError, Probe, synth, type SynthOptions } from './lib';

/**
 * The seed's scenario: the `get-region` app, which answers with the region it runs in, on four GKE clusters
 * around the world and two EKS clusters, behind NodePort 30040, autoscaled from four to twelve replicas in each
 * (a HorizontalPodAutoscaler per cluster at 70 % CPU); and `queue-worker`, a worker without a port beside it.
 */
export function defaultFleet(): Fleet {
  const fleet = new Fleet({
    name: 'fleet',
    gcp: { project: 'fleet-example' },
    dns: DnsZone.route53({ zoneName: 'example.com' }),
    // Where kubectl runs (a documentation range here: put your CI runners' or office's addresses).
    controlPlaneAccess: ControlPlaneAccess.fromNetworks([{ cidr: '203.0.113.0/24', name: 'ci-runners' }]),
  });

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
    autoscaling: Autoscaling.perCluster(4, 12),
    nodePort: 30040,
    ingress: { host: 'get-region.example.com' },
  });

  // A worker: no containerPort, so no Service, Ingress or load balancer, and probes that run commands. BusyBox
  // stands in for a queue consumer: its loop writes a heartbeat file every 10 seconds, forever, and consumes nothing.
  fleet.addApp({
    name: 'queue-worker',
    image: 'busybox:1.37.0',
    command: ['sh', '-c', 'while true; do date > /tmp/heartbeat; sleep 10; done'],
    readiness: Probe.exec(['cat', '/tmp/heartbeat']),
    // Alive while the heartbeat is less than a minute old: a stuck loop is restarted.
    liveness: Probe.exec(['sh', '-c', 'test $(( $(date +%s) - $(date -r /tmp/heartbeat +%s) )) -lt 60']),
    security: { writablePaths: ['/tmp'] },
    // CPU stands in for the queue's depth, which a real consumer would scale on (an external metric).
    autoscaling: Autoscaling.perCluster(2, 6),
  });
  return fleet;
}

/**
 * How the default fleet is synthesized: every output, including the three control-plane targets (a canary
 * wave on us-central1 for Argo CD; us-central1 as the config cluster of GKE's multi-cluster Ingress).
 */
export function defaultSynthOptions(): Omit<SynthOptions, 'outdir'> {
  return {
    controlPlanes: {
      karmada: true,
      gkeMultiCluster: { configCluster: 'us-central1' },
      argoCd: { repoUrl: 'https://github.com/example/fleet.git', waves: [['us-central1']] },
    },
  };
}

/** What the CLI (`cdk-fleet synth`, `diff`, `validate`, `graph`) runs: package.json's "cdk-fleet".app is this file. */
export const fleet = defaultFleet;
export const synthOptions = defaultSynthOptions;

/** Synthesizes the default fleet; `--outdir <dir>` writes somewhere else than `dist/`. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  const outdirFlag = argv.indexOf('--outdir');
  const outdir = outdirFlag >= 0 ? argv[outdirFlag + 1] : undefined;
  try {
    const result = synth(defaultFleet(), { ...defaultSynthOptions(), ...(outdir ? { outdir } : {}) });
    process.stdout.write(result.changes.format());
    for (const root of result.roots) {
      console.log(`${root.directory}: ${root.written} files written${root.unchanged ? `, ${root.unchanged} unchanged` : ''}${root.removed ? `, ${root.removed} removed` : ''}`);
    }
    const phases = Object.entries(result.durations).map(([phase, ms]) => `${phase} ${ms.toFixed(0)} ms`).join(', ');
    console.log(`synthesized ${result.clusters.length} clusters, ${result.apps.length} apps (${phases})`);
  } catch (e) {
    if (!(e instanceof FleetValidationError || e instanceof OutputError)) throw e;
    console.error(e.message);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
