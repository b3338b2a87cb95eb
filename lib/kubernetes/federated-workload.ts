import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { IngressPlan, IngressTlsPlan, ResolvedProbe, WorkloadSpec } from '../model';
import { hardenPodTemplate } from './pod-hardening';

/** Properties of a {@link FederatedWorkload}. */
export interface FederatedWorkloadProps {
  /**
   * The app and its values in this cluster, as the fleet plan resolved them. The construct reads nothing else:
   * equal specs give equal objects, which lets the renderer reuse them across clusters.
   */
  readonly workload: WorkloadSpec;
}

/**
 * One app in one cluster: its Deployment, Service, Ingress and PodDisruptionBudget. Names, namespace, labels
 * and selectors come from the app alone, so they are the same in every cluster; replicas, image, env and
 * resources are the cluster's.
 */
export class FederatedWorkload extends Construct {
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  /** Present when the app asks for an in-cluster Ingress (`ingress.inCluster`), with its class in this cluster. */
  public readonly ingress?: kplus.Ingress;

  constructor(scope: Construct, id: string, props: FederatedWorkloadProps) {
    super(scope, id);
    const { workload } = props;
    const { app } = workload;
    const metadata = { name: app.name, namespace: app.namespace, labels: { ...app.labels } };

    this.deployment = this.createDeployment(workload, metadata);
    this.service = this.createService(workload, metadata);
    // Only with a class: an Ingress without one is served by the cluster's default controller, on GKE one more
    // Google load balancer per cluster beside the global one (the planner requires a class for `inCluster`).
    const exposure = app.service.exposure;
    const inCluster = exposure.kind === 'load-balanced' ? exposure.ingress.inCluster : undefined;
    if (exposure.kind === 'load-balanced' && inCluster && workload.ingressClassName) {
      this.ingress = this.createIngress(workload, exposure.ingress, metadata, workload.ingressClassName, inCluster.tls);
    }
    // A budget of one unavailable pod keeps a node drain from taking every replica of the cluster at once;
    // with a single replica it would block drains forever, so there is none.
    if (workload.replicas > 1) this.createDisruptionBudget(workload, metadata);
  }

  private createDeployment(workload: WorkloadSpec, metadata: kplus.DeploymentProps['metadata']): kplus.Deployment {
    const { app } = workload;
    const { service, security } = app;
    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata,
      replicas: workload.replicas,
      // The selector is set below from the app's labels; cdk8s-plus would derive it from the construct path.
      select: false,
      podMetadata: { labels: { ...app.labels } },
      automountServiceAccountToken: security.automountServiceAccountToken,
      securityContext: { ensureNonRoot: true, user: security.runAsUser, group: security.runAsGroup },
      containers: [{
        name: app.name,
        image: workload.image,
        ...(app.command ? { command: [...app.command] } : {}),
        ...(app.args ? { args: [...app.args] } : {}),
        // `ports` rather than `portNumber`: cdk8s-plus adds an implicit startup probe for `portNumber`.
        ports: [{ number: service.containerPort, name: service.portName }],
        envVariables: Object.fromEntries(workload.env.map((e) => [e.name, kplus.EnvValue.fromValue(e.value)])),
        readiness: toProbe(app.readiness, service.containerPort),
        liveness: toProbe(app.liveness, service.containerPort),
        securityContext: {
          ensureNonRoot: true,
          user: security.runAsUser,
          group: security.runAsGroup,
          readOnlyRootFilesystem: security.readOnlyRootFilesystem,
          allowPrivilegeEscalation: false,
          privileged: false,
        },
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: { ...app.selector } }));
    security.writablePaths.forEach((path, i) => {
      deployment.containers[0].mount(path, kplus.Volume.fromEmptyDir(this, `Writable${i}`, `writable-${i}`));
    });
    hardenPodTemplate(deployment, app);
    // Quantities are written as declared ("1Gi" stays "1Gi"): cdk8s-plus's Cpu and Size types would
    // convert them to its own units. The generated KubeDeployment applies patches to its props before
    // converting them to JSON, so the values are k8s.Quantity objects, not strings.
    const { resources } = workload;
    const quantity = (value: string) => kplus.k8s.Quantity.fromString(value);
    ApiObject.of(deployment).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/resources', {
      limits: { ...(resources.cpuLimit ? { cpu: quantity(resources.cpuLimit) } : {}), memory: quantity(resources.memoryLimit) },
      requests: { cpu: quantity(resources.cpuRequest), memory: quantity(resources.memoryRequest) },
    }));
    return deployment;
  }

  private createService(workload: WorkloadSpec, metadata: kplus.ServiceProps['metadata']): kplus.Service {
    const { app } = workload;
    const { service: plan } = app;
    const annotations = workload.serviceAnnotations;
    const service = new kplus.Service(this, 'Service', {
      metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations: { ...annotations } } : metadata,
      type: SERVICE_TYPES[workload.serviceType],
      ports: [{
        name: plan.portName,
        port: plan.port,
        targetPort: plan.containerPort,
        ...(workload.serviceType === 'NodePort' && plan.nodePort !== undefined ? { nodePort: plan.nodePort } : {}),
      }],
    });
    for (const [key, value] of Object.entries(app.selector)) service.selectLabel(key, value);
    return service;
  }

  private createIngress(workload: WorkloadSpec, ingress: IngressPlan, metadata: { name: string; namespace: string; labels: Record<string, string> }, className: string, tls: IngressTlsPlan): kplus.Ingress {
    const { app } = workload;
    // cert-manager's ingress-shim issues the certificate named in the tls block from the annotated issuer
    // (https://cert-manager.io/docs/usage/ingress/); a `secret` source names a Secret that exists already.
    const annotations = tls.kind === 'cert-manager'
      ? { [tls.issuerKind === 'ClusterIssuer' ? 'cert-manager.io/cluster-issuer' : 'cert-manager.io/issuer']: tls.issuer }
      : undefined;
    return new kplus.Ingress(this, 'Ingress', {
      metadata: annotations ? { ...metadata, annotations } : metadata,
      className,
      rules: [{
        host: ingress.host,
        path: ingress.path,
        pathType: kplus.HttpIngressPathType.PREFIX,
        backend: kplus.IngressBackend.fromService(this.service, { port: app.service.port }),
      }],
      ...(tls.kind === 'none' ? {} : {
        tls: [{ hosts: [ingress.host], secret: kplus.Secret.fromSecretName(this, 'TlsSecret', tls.secretName) }],
      }),
    });
  }

  private createDisruptionBudget(workload: WorkloadSpec, metadata: { name: string; namespace: string; labels: Record<string, string> }): void {
    new kplus.k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata,
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: { ...workload.app.selector } },
        // Pods that never became ready may be evicted, so a broken rollout cannot block node drains.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}

const SERVICE_TYPES: Record<WorkloadSpec['serviceType'], kplus.ServiceType> = {
  ClusterIP: kplus.ServiceType.CLUSTER_IP,
  NodePort: kplus.ServiceType.NODE_PORT,
  LoadBalancer: kplus.ServiceType.LOAD_BALANCER,
};

function toProbe(probe: ResolvedProbe, port: number): kplus.Probe {
  const options = {
    port,
    initialDelaySeconds: Duration.seconds(probe.initialDelaySeconds),
    periodSeconds: Duration.seconds(probe.periodSeconds),
    timeoutSeconds: Duration.seconds(probe.timeoutSeconds),
    failureThreshold: probe.failureThreshold,
  };
  return probe.check.kind === 'http'
    ? kplus.Probe.fromHttpGet(probe.check.path, options)
    : kplus.Probe.fromTcpSocket(options);
}
