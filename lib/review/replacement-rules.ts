/*
 * Arguments that make Terraform replace (destroy, then create) a resource of a type this library emits, when
 * their value changes. From the providers' schemas, where these arguments are `ForceNew` (hashicorp/aws 5.100,
 * `internal/service/<service>/<resource>.go`; hashicorp/google 6.50, the `immutable: true` fields of
 * magic-modules' `mmv1/products/<product>/<Resource>.yaml` and the handwritten `resource_container_*.go`).
 * A path names a top-level argument, or a nested one as `block.argument`; a change anywhere below it counts.
 *
 * Only what a declaration of ours can change is listed: an argument we never set is not here. Some listed
 * ones change only through `terraform.extend`. Notable exceptions, kept out on purpose:
 * - `aws_eks_cluster.vpc_config.subnet_ids` and `.security_group_ids` update in place since hashicorp/aws 5.25
 *   (hashicorp/terraform-provider-aws#34209);
 * - `google_compute_subnetwork.ip_cidr_range` expands in place; only a range that no longer contains the old one
 *   replaces the subnet (the provider's customdiff), which the summary marks as a possible replacement.
 */
export const REPLACEMENT_ARGUMENTS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  // hashicorp/aws
  ['aws_acm_certificate', ['domain_name', 'key_algorithm', 'subject_alternative_names', 'validation_method']],
  ['aws_acm_certificate_validation', ['certificate_arn', 'validation_record_fqdns']],
  ['aws_autoscaling_attachment', ['autoscaling_group_name', 'lb_target_group_arn']],
  ['aws_cloudwatch_log_group', ['name']],
  ['aws_cloudwatch_metric_alarm', ['alarm_name']],
  ['aws_eip', ['domain']],
  ['aws_eks_cluster', ['name', 'role_arn', 'encryption_config', 'kubernetes_network_config',
    'access_config.bootstrap_cluster_creator_admin_permissions']],
  ['aws_eks_node_group', ['cluster_name', 'node_group_name', 'node_role_arn', 'subnet_ids', 'ami_type', 'capacity_type',
    'disk_size', 'instance_types']],
  ['aws_iam_role', ['name']],
  ['aws_iam_role_policy', ['name', 'role']],
  ['aws_iam_role_policy_attachment', ['policy_arn', 'role']],
  ['aws_kms_alias', ['name']],
  ['aws_lb', ['name', 'internal', 'load_balancer_type']],
  ['aws_lb_listener_certificate', ['certificate_arn', 'listener_arn']],
  ['aws_lb_listener_rule', ['listener_arn']],
  ['aws_lb_target_group', ['name', 'port', 'protocol', 'target_type', 'vpc_id']],
  ['aws_nat_gateway', ['allocation_id', 'subnet_id']],
  ['aws_route53_health_check', ['type', 'request_interval']],
  ['aws_route53_record', ['name', 'zone_id', 'set_identifier']],
  ['aws_route53_zone', ['name']],
  ['aws_route_table_association', ['route_table_id', 'subnet_id']],
  ['aws_security_group', ['name', 'description', 'vpc_id']],
  ['aws_subnet', ['availability_zone', 'cidr_block', 'vpc_id']],
  ['aws_vpc', ['cidr_block']],
  ['aws_vpc_security_group_egress_rule', ['security_group_id']],
  ['aws_vpc_security_group_ingress_rule', ['security_group_id']],
  ['aws_wafv2_web_acl', ['name', 'scope']],
  ['aws_wafv2_web_acl_association', ['resource_arn', 'web_acl_arn']],
  // hashicorp/google
  ['google_certificate_manager_certificate', ['name', 'scope', 'managed']],
  ['google_certificate_manager_certificate_map', ['name']],
  ['google_certificate_manager_certificate_map_entry', ['name', 'map', 'hostname']],
  ['google_compute_backend_service', ['name', 'load_balancing_scheme']],
  ['google_compute_firewall', ['name', 'network', 'direction']],
  ['google_compute_global_address', ['name', 'address_type', 'ip_version']],
  ['google_compute_global_forwarding_rule', ['name', 'ip_address', 'ip_protocol', 'load_balancing_scheme', 'port_range']],
  ['google_compute_health_check', ['name']],
  ['google_compute_instance_group_named_port', ['group', 'name', 'port', 'zone']],
  ['google_compute_network', ['name', 'auto_create_subnetworks']],
  ['google_compute_router', ['name', 'network', 'region']],
  ['google_compute_router_nat', ['name', 'router', 'region']],
  ['google_compute_security_policy', ['name', 'type']],
  ['google_compute_ssl_policy', ['name']],
  ['google_compute_subnetwork', ['name', 'network', 'region']],
  ['google_compute_target_http_proxy', ['name']],
  ['google_compute_target_https_proxy', ['name']],
  ['google_compute_url_map', ['name']],
  ['google_container_cluster', ['name', 'location', 'network', 'subnetwork', 'networking_mode', 'ip_allocation_policy',
    'private_cluster_config.enable_private_nodes', 'private_cluster_config.master_ipv4_cidr_block', 'initial_node_count',
    'datapath_provider']],
  ['google_container_node_pool', ['name', 'cluster', 'location', 'initial_node_count', 'node_config.service_account',
    'node_config.oauth_scopes']],
  ['google_gke_hub_feature', ['name', 'location']],
  ['google_gke_hub_membership', ['membership_id', 'location', 'endpoint']],
  ['google_project_iam_member', ['member', 'project', 'role']],
  ['google_service_account', ['account_id']],
]);

/** Arguments whose change replaces the resource only in some cases: the summary says "may replace". */
export const POSSIBLE_REPLACEMENT_ARGUMENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['google_compute_subnetwork', ['ip_cidr_range']],
  // Updated in place by recent hashicorp/google releases, by replacement in older ones.
  ['google_container_node_pool', ['node_config.machine_type', 'node_config.disk_size_gb', 'node_config.disk_type']],
]);

/** Whether changing `argumentPath` (dotted, list indexes as `[n]`) of a `type` resource replaces it. */
export function replacementOf(type: string, argumentPath: string): 'replace' | 'may-replace' | undefined {
  const bare = argumentPath.replace(/\[[^\]]*\]/g, '');
  const under = (prefixes: readonly string[] | undefined) =>
    (prefixes ?? []).some((p) => bare === p || bare.startsWith(`${p}.`));
  if (under(REPLACEMENT_ARGUMENTS.get(type))) return 'replace';
  if (under(POSSIBLE_REPLACEMENT_ARGUMENTS.get(type))) return 'may-replace';
  return undefined;
}
