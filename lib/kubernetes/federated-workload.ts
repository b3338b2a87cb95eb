import { createHash } from 'node:crypto';
import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { AppProps } from '../model/app';
import { planApps } from '../model/app-planner';
import type { ClusterProps } from '../model/cluster';
import { planClusters } from '../model/cluster-planner';
import type { IngressPlan, ServicePlan, ServiceType, WorkloadSpec } from '../model/plan';
import type { IngressTlsPlan } from '../model/ingress-tls';
import type { ResolvedProbe } from '../model/probe';
import { isDns1035Label } from '../model/kubernetes-names';
import { Problems, show } from '../model/problems';
import type { WorkloadAutoscaling } from '../model/autoscaling';
import { AppNetworkPolicy } from './app-network-policy';
import { hardenPodTemplate } from './pod-hardening';

/** Properties of a {@link FederatedWorkload}: one app, declared as for `Fleet.addApp`, in one cluster. */
export interface FederatedWorkloadProps {
  /**
   * The app, as `Fleet.addApp` takes it. Its placement must select `cluster`; its overrides for `cluster.name`
   * apply. `Replicas.divided(total)` divides over the clusters of the fleet: here there is one, which gets `total`.
   */
  readonly app: AppProps;
  /** The cluster the objects are for, as `Fleet.addCluster` takes it. */
  readonly cluster: ClusterProps;
  /**
   * The name of the fleet: every object is labelled `app.kubernetes.io/part-of: <fleetName>`.
   * @default 'fleet'
   */
  readonly fleetName?: string;
}

/** @internal Properties of a {@link FederatedWorkload} the renderer builds from the plan. */
export interface PlannedWorkloadProps {
  /**
   * The app and its values in this cluster, as the fleet plan resolved them. The construct reads nothing else:
   * equal specs give equal objects, which lets the renderer reuse them across clusters.
   */
  readonly workload: WorkloadSpec;
}

/**
 * One app in one cluster: its ConfigMaps, ServiceAccount, Deployment, Service (for an app with a port),
 * PodDisruptionBudget and NetworkPolicy, and its HorizontalPodAutoscaler and Ingress when asked for, exactly as `synth()` writes them to
 * the cluster's `app-<name>.yaml`. Names, namespace, labels and selectors come from the app alone, so
 * they are the same in every cluster; replicas, image, env and resources are the cluster's.
 *
 * Add it to a chart of your own (the app's namespace must exist: see {@link AppNamespace}). It validates its
 * props as `Fleet` does and throws a `FleetValidationError` naming every problem.
 *
 * @example
 * ```ts
 * new FederatedWorkload(chart, 'web', {
 *   app: { name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080 },
 *   cluster: { name: 'us-west-2', cloud: 'aws', region: 'us-west-2' },
 * });
 * ```
 */
export class FederatedWorkload extends Construct {
  /** The app's Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The app's own ServiceAccount: the subject of its cloud identity, never `default`. */
  public readonly serviceAccount: kplus.k8s.KubeServiceAccount;
  /** The app's ConfigMaps, with this cluster's values. */
  public readonly configMaps: readonly kplus.k8s.KubeConfigMap[];
  /** The app's Service; absent for an app without a `containerPort` (a worker). */
  public readonly service?: kplus.Service;
  /** Present when the app autoscales: it owns the Deployment's replicas. */
  public readonly autoscaler?: kplus.k8s.KubeHorizontalPodAutoscalerV2;
  /** Present when the app asks for an in-cluster Ingress (`ingress.inCluster`), with its class in this cluster. */
  public readonly ingress?: kplus.Ingress;

  constructor(scope: Construct, id: string, props: FederatedWorkloadProps);
  /** @internal */
  constructor(scope: Construct, id: string, props: PlannedWorkloadProps);
  constructor(scope: Construct, id: string, props: FederatedWorkloadProps | PlannedWorkloadProps) {
    super(scope, id);
    const workload = 'workload' in props ? props.workload : planWorkload(props);
    const { app } = workload;
    const metadata = { name: app.name, namespace: app.namespace, labels: { ...app.labels } };

    // ConfigMaps first in the file, so `kubectl apply` creates them before the pods that read them.
    this.configMaps = workload.configMaps.map((c) => new kplus.k8s.KubeConfigMap(this, `ConfigMap${c.name}`, {
      metadata: { ...metadata, name: c.objectName },
      data: Object.fromEntries(c.data.map((e) => [e.key, e.value])),
    }));
    this.serviceAccount = this.createServiceAccount(workload, metadata);
    this.deployment = this.createDeployment(workload, metadata);
    if (app.service && workload.serviceType) {
      const service = this.service = this.createService(workload, app.service, workload.serviceType, metadata);
      // Only with a class: an Ingress without one is served by the cluster's default controller, on GKE one more
      // Google load balancer per cluster beside the global one (the planner requires a class for `inCluster`).
      const exposure = app.service.exposure;
      const inCluster = exposure.kind === 'load-balanced' ? exposure.ingress.inCluster : undefined;
      if (exposure.kind === 'load-balanced' && inCluster && workload.ingressClassName) {
        this.ingress = this.createIngress(service, app.service.port, exposure.ingress, metadata, workload.ingressClassName, inCluster.tls);
      }
    }
    // A budget of one unavailable pod keeps a node drain from taking every replica of the cluster at once;
    // with a single replica it would block drains forever, so there is none.
    // With an autoscaler, `replicas` is its minimum: the budget is there when the cluster never runs fewer than two.
    if (workload.replicas > 1) this.createDisruptionBudget(workload, metadata);
    if (workload.autoscaling) this.autoscaler = this.createAutoscaler(workload.autoscaling, metadata);
    if (workload.networkPolicy) {
      const containerPort = app.service?.containerPort;
      new AppNetworkPolicy(this, 'NetworkPolicy', { metadata, selector: app.selector, ...(containerPort !== undefined ? { containerPort } : {}), policy: workload.networkPolicy });
    }
  }

  private createDeployment(workload: WorkloadSpec, metadata: kplus.DeploymentProps['metadata']): kplus.Deployment {
    const { app } = workload;
    const { service, security } = app;
    const configMaps = workload.configMaps.map((configMap) => ({
      configMap,
      reference: kplus.ConfigMap.fromConfigMapName(this, `ConfigMapRef${configMap.name}`, configMap.objectName),
    }));
    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata,
      replicas: workload.replicas,
      // The selector is set below from the app's labels; cdk8s-plus would derive it from the construct path.
      select: false,
      podMetadata: { labels: { ...app.labels } },
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(this, 'ServiceAccountRef', app.serviceAccountName),
      automountServiceAccountToken: security.automountServiceAccountToken,
      securityContext: { ensureNonRoot: true, user: security.runAsUser, group: security.runAsGroup },
      containers: [{
        name: app.name,
        image: workload.image,
        ...(app.command ? { command: [...app.command] } : {}),
        ...(app.args ? { args: [...app.args] } : {}),
        // `ports` rather than `portNumber`: cdk8s-plus adds an implicit startup probe for `portNumber`.
        ...(service ? { ports: [{ number: service.containerPort, name: service.portName }] } : {}),
        envVariables: Object.fromEntries(workload.env.map((e) => [e.name, 'value' in e
          ? kplus.EnvValue.fromValue(e.value)
          : kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(this, `Env${e.name}`, e.secretKeyRef.name), key: e.secretKeyRef.key })])),
        ...(configMaps.some((c) => c.configMap.env) ? {
          envFrom: configMaps.filter((c) => c.configMap.env).map((c) => kplus.Env.fromConfigMap(c.reference)),
        } : {}),
        ...(app.readiness ? { readiness: toProbe(app.readiness) } : {}),
        ...(app.liveness ? { liveness: toProbe(app.liveness) } : {}),
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
    for (const { configMap, reference } of configMaps) {
      if (configMap.mountPath === undefined) continue;
      const volume = kplus.Volume.fromConfigMap(this, `ConfigVolume${configMap.name}`, reference, { name: `config-${configMap.name}` });
      deployment.containers[0].mount(configMap.mountPath, volume, { readOnly: true });
    }
    app.secretMounts.forEach((mount, i) => {
      const secret = kplus.Secret.fromSecretName(this, `SecretMount${i}`, mount.secretName);
      deployment.containers[0].mount(mount.mountPath, kplus.Volume.fromSecret(this, `SecretVolume${i}`, secret, { name: `secret-${i}` }), { readOnly: true });
    });
    // A change to a ConfigMap's content changes this annotation, so the Deployment rolls: pods read environment
    // variables at start, and a rollout moves every pod to the new files at once.
    if (workload.configMaps.length > 0) deployment.podMetadata.addAnnotation(CONFIG_HASH_ANNOTATION, configHash(workload.configMaps));
    hardenPodTemplate(deployment, app);
    // The autoscaler owns the replicas: with `spec.replicas` in the manifest, every `kubectl apply` would reset
    // them to it (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#migrating-deployments-and-statefulsets-to-horizontal-autoscaling).
    if (workload.autoscaling) ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/replicas'));
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

  private createService(workload: WorkloadSpec, plan: ServicePlan, type: ServiceType, metadata: kplus.ServiceProps['metadata']): kplus.Service {
    const annotations = workload.serviceAnnotations;
    const service = new kplus.Service(this, 'Service', {
      metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations: { ...annotations } } : metadata,
      type: SERVICE_TYPES[type],
      ports: [{
        name: plan.portName,
        port: plan.port,
        targetPort: plan.containerPort,
        ...(type === 'NodePort' && plan.nodePort !== undefined ? { nodePort: plan.nodePort } : {}),
      }],
    });
    for (const [key, value] of Object.entries(workload.app.selector)) service.selectLabel(key, value);
    return service;
  }

  private createIngress(service: kplus.Service, servicePort: number, ingress: IngressPlan, metadata: { name: string; namespace: string; labels: Record<string, string> }, className: string, tls: IngressTlsPlan): kplus.Ingress {
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
        backend: kplus.IngressBackend.fromService(service, { port: servicePort }),
      }],
      ...(tls.kind === 'none' ? {} : {
        tls: [{ hosts: [ingress.host], secret: kplus.Secret.fromSecretName(this, 'TlsSecret', tls.secretName) }],
      }),
    });
  }

  /**
   * The app's ServiceAccount, with no API token mounted (unless `security.automountServiceAccountToken`): neither
   * cloud identity needs one. GKE's metadata server answers for the Google service account named in the
   * annotation; EKS Pod Identity's webhook mounts a token of its own audience.
   */
  private createServiceAccount(workload: WorkloadSpec, metadata: { name: string; namespace: string; labels: Record<string, string> }): kplus.k8s.KubeServiceAccount {
    const { app, identity } = workload;
    return new kplus.k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: {
        ...metadata,
        name: app.serviceAccountName,
        ...(identity?.cloud === 'gcp' ? { annotations: { [GKE_SERVICE_ACCOUNT_ANNOTATION]: identity.email } } : {}),
      },
      automountServiceAccountToken: app.security.automountServiceAccountToken,
    });
  }

  private createAutoscaler(autoscaling: WorkloadAutoscaling, metadata: { name: string; namespace: string; labels: Record<string, string> }): kplus.k8s.KubeHorizontalPodAutoscalerV2 {
    const utilization = (name: 'cpu' | 'memory', percent: number | undefined) => percent === undefined ? [] : [{
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization: percent } },
    }];
    return new kplus.k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: metadata.name },
        minReplicas: autoscaling.minReplicas,
        maxReplicas: autoscaling.maxReplicas,
        metrics: [...utilization('cpu', autoscaling.cpuUtilization), ...utilization('memory', autoscaling.memoryUtilization)],
      },
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

/** The ServiceAccount annotation that names its Google service account (GKE Workload Identity). */
export const GKE_SERVICE_ACCOUNT_ANNOTATION = 'iam.gke.io/gcp-service-account';

/** The pod annotation that holds a hash of the app's ConfigMaps in the cluster. */
export const CONFIG_HASH_ANNOTATION = 'cdk-fleet.io/config-hash';

function configHash(configMaps: WorkloadSpec['configMaps']): string {
  const content = configMaps.map((c) => [c.objectName, c.data.map((e) => [e.key, e.value])]);
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

/**
 * The app of `props` in its cluster, as the fleet planner resolves it in a fleet of that one cluster; throws a
 * FleetValidationError. The app's placement and overrides may name the fleet's other clusters: only what they
 * say of this cluster is planned.
 */
function planWorkload(props: FederatedWorkloadProps): WorkloadSpec {
  const { app, cluster } = props;
  if (app.placement && !app.placement.selects(cluster.name, cluster.labels ?? {})) {
    throw new Error(`App "${app.name}" is not placed on cluster "${cluster.name}": its placement (${app.placement.toString()}) does not select it`);
  }
  const override = app.overrides && Object.prototype.hasOwnProperty.call(app.overrides, cluster.name) ? app.overrides[cluster.name] : undefined;
  const { placement: _placement, overrides: _overrides, ...rest } = app;
  const alone: AppProps = { ...rest, ...(override ? { overrides: { [cluster.name]: override } } : {}) };
  const problems = new Problems();
  const fleetName = props.fleetName ?? 'fleet';
  problems.check(isDns1035Label(fleetName) && fleetName.length <= 20, 'fleetName', `${show(fleetName)} is not a valid fleet name; use a DNS-1035 label of at most 20 characters`);
  const clusters = planClusters([cluster], problems);
  const { workloads } = planApps(fleetName, [alone], clusters, problems);
  problems.throwIfAny();
  const workload = workloads.find((w) => w.cluster.name === cluster.name);
  if (!workload) throw new Error(`App "${app.name}" has no workload in cluster "${cluster.name}"`);
  return workload;
}

const SERVICE_TYPES: Record<ServiceType, kplus.ServiceType> = {
  ClusterIP: kplus.ServiceType.CLUSTER_IP,
  NodePort: kplus.ServiceType.NODE_PORT,
  LoadBalancer: kplus.ServiceType.LOAD_BALANCER,
};

function toProbe(probe: ResolvedProbe): kplus.Probe {
  const options = {
    initialDelaySeconds: Duration.seconds(probe.initialDelaySeconds),
    periodSeconds: Duration.seconds(probe.periodSeconds),
    timeoutSeconds: Duration.seconds(probe.timeoutSeconds),
    failureThreshold: probe.failureThreshold,
  };
  const { check } = probe;
  switch (check.kind) {
    case 'http': return kplus.Probe.fromHttpGet(check.path, { port: check.port, ...options });
    case 'tcp': return kplus.Probe.fromTcpSocket({ port: check.port, ...options });
    case 'exec': return kplus.Probe.fromCommand([...check.command], options);
  }
}
