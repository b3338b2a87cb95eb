import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';

/** Properties of an {@link AppNamespace}. */
export interface AppNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /** Labels of the namespace, besides the Pod Security Standard's. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A namespace for apps, where the restricted Pod Security Standard is enforced: the API server refuses pods
 * that would break it, whatever created them (https://kubernetes.io/docs/concepts/security/pod-security-admission/).
 */
export class AppNamespace extends Construct {
  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    new kplus.Namespace(this, 'Resource', {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
  }
}
