import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { subnetOf } from '../../model/cidr';
import type { EksClusterPlan } from '../../model';
import { clusterResourceName } from './aws-names';

/** The network an EKS cluster runs in. */
export interface EksNetworkProps {
  readonly cluster: EksClusterPlan;
}

/**
 * The VPC of one EKS cluster, or the existing one it names: a private subnet (/19, room for pod IPs of the VPC
 * CNI) and a public subnet (/22) in each availability zone, an internet gateway, and a NAT gateway per zone, so a
 * zone's outage does not cut the others off. Subnets carry the tags the AWS Load Balancer Controller and EKS
 * look for (`kubernetes.io/role/elb`, `kubernetes.io/role/internal-elb`, `kubernetes.io/cluster/<name>`).
 */
export class EksNetwork extends Construct {
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  public readonly privateSubnetIds: string[];
  public readonly publicSubnetIds: string[];

  constructor(scope: Construct, id: string, props: EksNetworkProps) {
    super(scope, id);
    const { cluster } = props;
    const eks = cluster.eks;
    if (eks.existingVpc) {
      this.vpcId = eks.existingVpc.vpcId;
      this.vpcCidr = eks.vpcCidr;
      this.privateSubnetIds = [...eks.existingVpc.privateSubnetIds];
      this.publicSubnetIds = [...eks.existingVpc.publicSubnetIds];
      return;
    }
    const name = (part: string) => ({ Name: clusterResourceName(cluster, part) });
    const clusterTag = { [`kubernetes.io/cluster/${cluster.name}`]: 'shared' };
    const vpc = new Vpc(scope, 'vpc', { cidrBlock: eks.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: name('vpc') });
    this.vpcId = vpc.id;
    this.vpcCidr = eks.vpcCidr;
    // Declared zones are used as given; otherwise the first ones the account has (zone names differ per account).
    const available = cluster.zones.length === 0
      ? new DataAwsAvailabilityZones(scope, 'zones', { state: 'available', filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }] })
      : undefined;
    const zone = (i: number) => (available ? Fn.element(available.names, i) : cluster.zones[i]);

    const gateway = new InternetGateway(scope, 'internet-gateway', { vpcId: vpc.id, tags: name('igw') });
    const publicRoutes = new RouteTable(scope, 'public-routes', { vpcId: vpc.id, route: [{ cidrBlock: '0.0.0.0/0', gatewayId: gateway.id }], tags: name('public') });
    this.privateSubnetIds = [];
    this.publicSubnetIds = [];
    for (let i = 0; i < cluster.zoneCount; i++) {
      const publicSubnet = new Subnet(scope, `public-subnet-${i}`, {
        vpcId: vpc.id,
        availabilityZone: zone(i),
        cidrBlock: subnetOf(eks.vpcCidr, 22, 48 + i),
        mapPublicIpOnLaunch: false,
        tags: { ...name(`public-${i}`), ...clusterTag, 'kubernetes.io/role/elb': '1' },
      });
      new RouteTableAssociation(scope, `public-subnet-${i}-routes`, { subnetId: publicSubnet.id, routeTableId: publicRoutes.id });
      const privateSubnet = new Subnet(scope, `private-subnet-${i}`, {
        vpcId: vpc.id,
        availabilityZone: zone(i),
        cidrBlock: subnetOf(eks.vpcCidr, 19, i),
        tags: { ...name(`private-${i}`), ...clusterTag, 'kubernetes.io/role/internal-elb': '1' },
      });
      const address = new Eip(scope, `nat-address-${i}`, { domain: 'vpc', tags: name(`nat-${i}`) });
      const nat = new NatGateway(scope, `nat-${i}`, { subnetId: publicSubnet.id, allocationId: address.id, tags: name(`nat-${i}`), dependsOn: [gateway] });
      const privateRoutes = new RouteTable(scope, `private-routes-${i}`, { vpcId: vpc.id, route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }], tags: name(`private-${i}`) });
      new RouteTableAssociation(scope, `private-subnet-${i}-routes`, { subnetId: privateSubnet.id, routeTableId: privateRoutes.id });
      this.publicSubnetIds.push(publicSubnet.id);
      this.privateSubnetIds.push(privateSubnet.id);
    }
  }
}
