/** Where the certificate of an in-cluster Ingress comes from, as declared. */
export type IngressTlsSource =
  | { readonly kind: 'none' }
  | { readonly kind: 'secret'; readonly secretName: string }
  | { readonly kind: 'cert-manager'; readonly issuer: string; readonly issuerKind: 'ClusterIssuer' | 'Issuer'; readonly secretName?: string };

/** Options of {@link IngressTls.certManager}. */
export interface CertManagerTlsOptions {
  /**
   * Whether the issuer is a cluster-wide `ClusterIssuer` or an `Issuer` in the app's namespace.
   * @default 'ClusterIssuer'
   */
  readonly issuerKind?: 'ClusterIssuer' | 'Issuer';
  /**
   * The Secret cert-manager writes the certificate to, in the app's namespace.
   * @default '<app name>-tls'
   */
  readonly secretName?: string;
}

/**
 * The certificate of an app's in-cluster Ingress. An Ingress never names a TLS Secret that nothing creates: the
 * Secret exists already, cert-manager makes it (its ingress-shim reads the issuer annotation,
 * https://cert-manager.io/docs/usage/ingress/), or the Ingress has no `tls` block.
 */
export class IngressTls {
  /** A Secret of type `kubernetes.io/tls` that already exists in the app's namespace in every cluster. */
  public static fromSecret(secretName: string): IngressTls {
    return new IngressTls({ kind: 'secret', secretName });
  }

  /**
   * A certificate that cert-manager issues from `issuer` into a Secret it creates (annotation
   * `cert-manager.io/cluster-issuer` or `cert-manager.io/issuer` on the Ingress).
   */
  public static certManager(issuer: string, options: CertManagerTlsOptions = {}): IngressTls {
    return new IngressTls({
      kind: 'cert-manager',
      issuer,
      issuerKind: options.issuerKind ?? 'ClusterIssuer',
      ...(options.secretName !== undefined ? { secretName: options.secretName } : {}),
    });
  }

  /** No `tls` block: the controller serves plain HTTP, e.g. behind a proxy that terminates TLS. */
  public static none(): IngressTls {
    return new IngressTls({ kind: 'none' });
  }

  private constructor(public readonly source: IngressTlsSource) {}
}

/** The certificate of an in-cluster Ingress, resolved: cert-manager's Secret is named. */
export type IngressTlsPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'secret'; readonly secretName: string }
  | { readonly kind: 'cert-manager'; readonly issuer: string; readonly issuerKind: 'ClusterIssuer' | 'Issuer'; readonly secretName: string };
