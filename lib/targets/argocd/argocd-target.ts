import type { FleetPlan } from '../../model';
import type { OutputFile } from '../../output/output-file';
import { stringifyYaml } from '../../output/yaml';
import type { ResolvedControlPlanes } from '../control-planes';

/**
 * The label that names a fleet cluster on its Argo CD cluster secret: the ApplicationSet deploys
 * `<path>/<cluster>/` to the Argo CD cluster whose secret carries `cdk-fleet.io/cluster: <cluster>`.
 */
export const CLUSTER_LABEL = 'cdk-fleet.io/cluster';

/** The label of the wave an Application syncs in (progressive syncs). */
export const WAVE_LABEL = 'cdk-fleet.io/wave';

/**
 * An Argo CD ApplicationSet that keeps each cluster's folder applied to it: one Application per fleet cluster,
 * automated sync with pruning and self-heal. A cluster generator per wave selects the Argo CD cluster secrets by
 * {@link CLUSTER_LABEL}; with waves, a RollingSync strategy syncs them in order (the first wave, e.g. a canary
 * cluster, first). RollingSync is Argo CD's progressive syncs, which the ApplicationSet controller runs only with
 * `applicationsetcontroller.enable.progressive.syncs: "true"` (argocd-cmd-params-cm). Under RollingSync, the
 * ApplicationSet controller turns automated sync off on the Applications it generates and syncs them itself, wave
 * by wave, when they are OutOfSync (https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Progressive-Syncs/):
 * self-heal does not run then; docs/control-planes.md says so. `argocd-cm-ingress-health.yaml` lets the waves
 * advance on EKS (see `ingressHealth`).
 */
export function* renderArgoCd(plan: FleetPlan, options: NonNullable<ResolvedControlPlanes['argoCd']>): Generator<OutputFile> {
  const inWaves = new Set(options.waves.flat());
  const rest = plan.clusters.map((c) => c.name).filter((c) => !inWaves.has(c));
  const waves = [...options.waves, ...(rest.length > 0 ? [rest] : [])].filter((w) => w.length > 0);
  const cluster = `{{ index .metadata.labels "${CLUSTER_LABEL}" }}`;
  const applicationSet = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: plan.name, namespace: options.namespace, labels: { 'app.kubernetes.io/part-of': plan.name, 'app.kubernetes.io/managed-by': 'cdk-fleet' } },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: waves.map((names, wave) => ({
        clusters: {
          selector: { matchExpressions: [{ key: CLUSTER_LABEL, operator: 'In', values: [...names].sort() }] },
          values: { wave: String(wave) },
        },
      })),
      ...(waves.length > 1 ? {
        strategy: {
          type: 'RollingSync',
          rollingSync: { steps: waves.map((_, wave) => ({ matchExpressions: [{ key: WAVE_LABEL, operator: 'In', values: [String(wave)] }] })) },
        },
      } : {}),
      template: {
        metadata: {
          name: `${plan.name}-${cluster}`,
          labels: { [CLUSTER_LABEL]: cluster, [WAVE_LABEL]: '{{ .values.wave }}' },
        },
        spec: {
          project: options.project,
          source: { repoURL: options.repoUrl, targetRevision: options.targetRevision, path: `${options.path}/${cluster}` },
          destination: { server: '{{ .server }}' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
        },
      },
    },
  };
  yield { path: 'applicationset.yaml', content: stringifyYaml([applicationSet]) };
  yield { path: 'argocd-cm-ingress-health.yaml', content: stringifyYaml([ingressHealth(plan, options.namespace)]) };
}

/**
 * Argo CD counts an Ingress Healthy only once `status.loadBalancer.ingress` has an address
 * (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#ingress). The fleet's in-cluster Ingresses
 * get one only where an ingress controller runs; on EKS none is installed, so every Application stays
 * Progressing, and progressive syncs, which wait for each wave to be Healthy, never reach the next wave. Visitors
 * reach the apps through the fleet's global load balancers, not through these Ingresses, so this health check
 * (`resource.customizations.health.networking.k8s.io_Ingress`, argocd-cm, Lua) counts the fleet's own Ingresses
 * (by the `app.kubernetes.io/managed-by` and `part-of` labels) Healthy without an address; every other Ingress
 * keeps Argo CD's rule. `kubectl apply` adds this key to the existing argocd-cm and leaves its other keys alone.
 */
function ingressHealth(plan: FleetPlan, namespace: string): Record<string, unknown> {
  const lua = [
    'hs = {}',
    'if obj.status ~= nil and obj.status.loadBalancer ~= nil and obj.status.loadBalancer.ingress ~= nil and #obj.status.loadBalancer.ingress > 0 then',
    '  hs.status = "Healthy"',
    '  hs.message = "The Ingress has an address"',
    '  return hs',
    'end',
    'local labels = obj.metadata.labels or {}',
    `if labels["app.kubernetes.io/managed-by"] == "cdk-fleet" and labels["app.kubernetes.io/part-of"] == "${plan.name}" then`,
    '  hs.status = "Healthy"',
    '  hs.message = "No address: the fleet\'s global load balancers do not route through in-cluster Ingresses"',
    '  return hs',
    'end',
    'hs.status = "Progressing"',
    'hs.message = "Waiting for the Ingress to get an address"',
    'return hs',
    '',
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'argocd-cm', namespace, labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' } },
    data: { 'resource.customizations.health.networking.k8s.io_Ingress': lua },
  };
}
