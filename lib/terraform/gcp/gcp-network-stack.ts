import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { DataGoogleComputeNetwork } from '@cdktf/provider-google/lib/data-google-compute-network';
import type { Construct } from 'constructs';
import type { ResolvedGcpSettings } from '../../model';
import { FleetStack } from '../fleet-stack';
import type { StackContext } from '../stack-definition';
import { natName, subnetName, subnetOutput } from './gcp-names';
import { addGoogleProvider } from './google-provider';

/**
 * The fleet's VPC network on Google Cloud (or an existing one), a subnet in every region that has a GKE cluster,
 * and a Cloud NAT per region for nodes without public addresses. VPCs are global, so one network serves every
 * region; the global load balancer reaches the nodes inside it.
 *
 * Outputs: `network_self_link`, `network_name`, and `subnetwork_<region>` per region.
 */
export class GcpNetworkStack extends FleetStack {
  public static readonly NAME = 'gcp-network';

  public readonly subnets = new Map<string, ComputeSubnetwork>();

  constructor(scope: Construct, context: StackContext, gcp: ResolvedGcpSettings) {
    super(scope, GcpNetworkStack.NAME, { ...context, description: 'The fleet\'s VPC network, a subnet and a Cloud NAT in every region with a GKE cluster.' });
    addGoogleProvider(this, gcp.project);
    const plan = context.plan;
    const settings = gcp.network;
    const network = settings.existing
      ? new DataGoogleComputeNetwork(this, 'network', { name: settings.name })
      : new ComputeNetwork(this, 'network', {
        name: settings.name,
        autoCreateSubnetworks: false,
        routingMode: 'GLOBAL',
        description: `VPC of the fleet "${plan.name}", managed by cdk-fleet.`,
      });

    for (const [region, cidr] of Object.entries(settings.subnetCidrs)) {
      const subnet = new ComputeSubnetwork(this, `subnet-${region}`, {
        name: subnetName(plan, region),
        region,
        network: network.selfLink,
        ipCidrRange: cidr,
        privateIpGoogleAccess: true,
        logConfig: { aggregationInterval: 'INTERVAL_5_MIN', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
      });
      this.subnets.set(region, subnet);
      this.publish(subnetOutput(region), subnet.selfLink, `Self link of the fleet's subnet in ${region}.`);
      const router = new ComputeRouter(this, `router-${region}`, { name: natName(plan, region), region, network: network.selfLink });
      new ComputeRouterNat(this, `nat-${region}`, {
        name: natName(plan, region),
        region,
        router: router.name,
        natIpAllocateOption: 'AUTO_ONLY',
        sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
        logConfig: { enable: true, filter: 'ERRORS_ONLY' },
      });
    }
    this.publish('network_self_link', network.selfLink, 'Self link of the fleet\'s VPC network.');
    this.publish('network_name', network.name, 'Name of the fleet\'s VPC network.');
  }
}
