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
 * `applicationsetcontroller.enable.progressive.syncs: "true"` (argocd-cmd-params-cm).
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
}
