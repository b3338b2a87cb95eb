import { App as Cdk8sApp } from 'cdk8s';
import { App as CdktfApp } from 'cdktf';
import {
  ControlPlaneAccess, DnsZone, EnvValue, Fleet, FleetCharts, FleetStacks, FleetValidationError, ProviderVersionError,
  Replicas, TerraformBackend,
} from 'cdk-fleet';

const fleet = new Fleet({
  name: 'shop',
  gcp: { project: 'my-gcp-project' },
  dns: DnsZone.route53({ zoneName: 'example.com' }),
  // Where kubectl reaches the control planes from: your CI runners' or office's addresses.
  controlPlaneAccess: ControlPlaneAccess.fromNetworks([{ cidr: '203.0.113.0/24', name: 'ci-runners' }]),
});
fleet.addCluster({ name: 'gke-us', cloud: 'gcp', region: 'us-central1' });
fleet.addCluster({ name: 'eks-eu', cloud: 'aws', region: 'eu-west-1' });
fleet.addApp({
  name: 'web',
  image: 'hashicorp/http-echo:1.0.0',
  args: ['-listen=:8080', '-text=$(REGION)'],
  env: { REGION: EnvValue.fromCluster('region') },
  containerPort: 8080,
  readiness: { path: '/health' },
  replicas: Replicas.perCluster(3),
  nodePort: 30080,
  ingress: { host: 'web.example.com' },
});

try {
  // Kubernetes: a chart per cluster in your cdk8s App, one file each in dist/kubernetes/.
  const k8s = new Cdk8sApp({ outdir: 'dist/kubernetes' });
  new FleetCharts(k8s, 'shop', { fleet });
  k8s.synth();

  // Terraform: every stack in your cdktf App, dist/terraform/stacks/<stack>/cdk.tf.json, state in S3.
  const tf = new CdktfApp({ outdir: 'dist/terraform' });
  new FleetStacks(tf, 'shop', { fleet, backend: TerraformBackend.s3({ bucket: 'my-tf-state', region: 'eu-west-1' }) });
  tf.synth();
} catch (e) {
  if (!(e instanceof FleetValidationError || e instanceof ProviderVersionError)) throw e;
  console.error(e.message); // every problem, one per line, and no stack trace
  process.exitCode = 1;
}
