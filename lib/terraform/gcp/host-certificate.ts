import { CertificateManagerCertificate } from '@cdktf/provider-google/lib/certificate-manager-certificate';
import { CertificateManagerCertificateMapEntry } from '@cdktf/provider-google/lib/certificate-manager-certificate-map-entry';
import { CertificateManagerDnsAuthorization } from '@cdktf/provider-google/lib/certificate-manager-dns-authorization';
import { Construct } from 'constructs';
import type { HostPlan } from '../../model';
import type { FleetStack } from '../fleet-stack';
import { appResourceName, dnsAuthorizationOutput } from './gcp-names';

/** Properties of a {@link HostCertificate}. */
export interface HostCertificateProps {
  readonly host: HostPlan;
  /** The fleet's certificate map, which serves the certificate for the host. */
  readonly certificateMapName: string;
}

/**
 * The Google-managed certificate of one host, with DNS authorization, in the load balancer's certificate map.
 *
 * Load-balancer authorization would issue the certificate only once the host resolves to the load balancer and
 * the load balancer serves it ("can only provision certificates after the load balancer has been fully set up
 * and is serving network traffic", https://cloud.google.com/certificate-manager/docs/domain-authorization). With
 * Route53 latency records, the host answers with the EKS load balancers while the Google endpoint's health check
 * fails its TLS handshake: the certificate would never be issued (`RESOLVED_TO_NOT_SERVING`), nor renewed once DNS
 * answers elsewhere. DNS authorization proves control of the host by a CNAME `_acme-challenge.<host>`, which
 * the host's DNS stack writes from this stack's outputs (`dns_authorization_name_<app>`,
 * `dns_authorization_data_<app>`), whatever the host resolves to
 * (https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/certificate_manager_certificate,
 * "dns_authorizations").
 *
 * One certificate and one map entry per host, however many apps share it: a certificate map takes one entry per
 * hostname. Named and identified after the host's owner app, so the names are those the app's certificate had.
 */
export class HostCertificate extends Construct {
  public readonly certificate: CertificateManagerCertificate;
  public readonly dnsAuthorization: CertificateManagerDnsAuthorization;

  constructor(scope: FleetStack, id: string, props: HostCertificateProps) {
    super(scope, id);
    const { host, owner } = props.host;
    const name = appResourceName(scope.plan, owner);
    this.dnsAuthorization = new CertificateManagerDnsAuthorization(scope, `dns-authorization-${owner.name}`, {
      name,
      description: `Control of ${host}, proved by a CNAME in its zone.`,
      domain: host,
    });
    this.certificate = new CertificateManagerCertificate(scope, `certificate-${owner.name}`, {
      name,
      description: `Google-managed certificate of ${host}.`,
      scope: 'DEFAULT',
      managed: { domains: [host], dnsAuthorizations: [this.dnsAuthorization.id] },
    });
    new CertificateManagerCertificateMapEntry(scope, `certificate-map-entry-${owner.name}`, {
      name,
      map: props.certificateMapName,
      hostname: host,
      certificates: [this.certificate.id],
    });
    const record = this.dnsAuthorization.dnsResourceRecord.get(0);
    scope.publish(dnsAuthorizationOutput(scope.stackName, owner.name, 'name'), record.name, `Name of the CNAME that proves control of ${host}.`);
    scope.publish(dnsAuthorizationOutput(scope.stackName, owner.name, 'data'), record.data, `Value of the CNAME that proves control of ${host}.`);
  }
}
