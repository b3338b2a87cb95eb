import type { FleetPlan } from '../model';
import type { OutputFile } from '../output/output-file';
import type { StackDefinition } from '../terraform/stack-definition';
import { renderArgoCd } from './argocd/argocd-target';
import type { ResolvedControlPlanes } from './control-planes';
import { GkeFleetHubStack } from './gke-multicluster/gke-fleet-hub-stack';
import { renderGkeMultiCluster } from './gke-multicluster/gke-multicluster-target';
import { renderKarmada } from './karmada/karmada-target';

/** What the enabled control-plane targets add to a synthesis: output folders, and Terraform stacks. */
export interface ControlPlaneOutputs {
  /** Each folder below the output directory, with the files to write there. */
  readonly folders: readonly { readonly name: string; readonly render: () => Iterable<OutputFile> }[];
  readonly stacks: readonly StackDefinition[];
}

export function controlPlaneOutputs(plan: FleetPlan, targets: ResolvedControlPlanes): ControlPlaneOutputs {
  const { karmada, gkeMultiCluster, argoCd } = targets;
  return {
    folders: [
      ...(karmada ? [{ name: 'karmada', render: () => renderKarmada(plan, karmada) }] : []),
      ...(gkeMultiCluster ? [{ name: 'gke-multicluster', render: () => renderGkeMultiCluster(plan, gkeMultiCluster) }] : []),
      ...(argoCd ? [{ name: 'argocd', render: () => renderArgoCd(plan, argoCd) }] : []),
    ],
    stacks: gkeMultiCluster ? [gkeFleetHub(plan, gkeMultiCluster.configCluster)] : [],
  };
}

function gkeFleetHub(plan: FleetPlan, configCluster: string): StackDefinition {
  const gcp = plan.gcp;
  // The options are checked against the plan: the config cluster is one of its GKE clusters.
  if (!gcp) throw new Error(`The GKE multi-cluster config cluster "${configCluster}" is in a fleet without GKE clusters`);
  return { name: GkeFleetHubStack.NAME, build: (scope, context) => new GkeFleetHubStack(scope, context, gcp, configCluster) };
}
