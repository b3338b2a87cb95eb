import { StackOutput } from '../stack-output';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import type { Construct } from 'constructs';
import type { FleetPlan } from '../../model';
import { FleetStack } from '../fleet-stack';
import type { StackContext } from '../stack-definition';
import { globallyBalancedApps } from './global-load-balancer-stack';
import { addGoogleProvider } from './google-provider';

/**
 * The Google APIs the fleet's stacks call, by what needs them. A new project has them off, and the first call
 * answers `403 SERVICE_DISABLED` (https://cloud.google.com/service-usage/docs/enable-disable).
 */
export function gcpApis(plan: FleetPlan): string[] {
  const apis = new Set<string>();
  if (plan.clustersOn('gcp').length > 0) {
    // The network, subnets, NAT and firewall rules; the clusters; their node service accounts and IAM bindings.
    apis.add('compute.googleapis.com').add('container.googleapis.com').add('iam.googleapis.com').add('cloudresourcemanager.googleapis.com');
  }
  if (globallyBalancedApps(plan).length > 0) apis.add('compute.googleapis.com').add('certificatemanager.googleapis.com');
  if (plan.settings.dns?.kind === 'cloudDns') apis.add('dns.googleapis.com');
  return [...apis].sort();
}

/**
 * The Google APIs of the fleet, enabled first: every other stack with a Google provider reads this stack's
 * output (see `addGoogleProvider`), so it comes after it in the apply order.
 *
 * `disable_on_destroy` is false: destroying this stack (or a fleet that no longer uses an API) must not turn an
 * API off under the project's other users, and turning off an API that resources still use fails or, with
 * `disable_dependent_services`, turns off more. Enabling an API that is on already changes nothing.
 * (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/google_project_service)
 *
 * Output: `services`, the enabled APIs.
 */
export class GcpApisStack extends FleetStack {
  public static readonly NAME = 'gcp-apis';
  /** The services enabled; the other Google stacks read it, so they are applied after this one. */
  public static readonly SERVICES = StackOutput.list(GcpApisStack.NAME, 'services');

  /** Whether the fleet calls Google APIs: it has GKE clusters or keeps DNS in Cloud DNS. */
  public static isNeeded(plan: FleetPlan): boolean {
    return plan.settings.gcp !== undefined && gcpApis(plan).length > 0;
  }

  constructor(scope: Construct, context: StackContext) {
    super(scope, GcpApisStack.NAME, { ...context, description: 'The Google APIs the fleet uses, enabled in its project.' });
    const settings = context.plan.settings.gcp;
    if (!settings) throw new Error(`Stack "${GcpApisStack.NAME}" needs the fleet's GCP settings (see GcpApisStack.isNeeded)`);
    const { project } = settings;
    addGoogleProvider(this, project);
    const services = gcpApis(context.plan).map((service) => new ProjectService(this, `api-${service.split('.')[0]}`, {
      project,
      service,
      disableOnDestroy: false,
      disableDependentServices: false,
    }));
    this.publish(GcpApisStack.SERVICES, services.map((s) => s.service), 'The Google APIs enabled for the fleet.');
  }
}
