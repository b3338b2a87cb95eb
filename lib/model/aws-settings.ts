import { show, type Problems } from './problems';

/** Settings of the fleet's AWS side. */
export interface AwsFleetProps {
  /**
   * Tags on every AWS resource (the provider's `default_tags`), besides the fleet's own.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * An existing S3 bucket, in each EKS region, for the access logs of the load balancers (Checkov CKV_AWS_91):
   * `<bucket>` is a name prefix, the region is appended (`<bucket>-<region>`), since load balancers log to a
   * bucket of their own region.
   * @default - no access logs
   */
  readonly accessLogsBucketPrefix?: string;
  /**
   * Whether a WAFv2 web ACL with AWS's managed common and known-bad-inputs rule sets guards each shared ALB
   * (Checkov CKV2_AWS_28). Turn it off to attach a web ACL of your own (the common rule set blocks request bodies
   * over 8 KB).
   * @default true
   */
  readonly waf?: boolean;
}

/** AWS settings with every default applied. */
export interface ResolvedAwsSettings {
  readonly tags: Readonly<Record<string, string>>;
  readonly accessLogsBucketPrefix?: string;
  readonly waf: boolean;
}

/** Checks and resolves the fleet's AWS settings. */
export function planAwsSettings(props: AwsFleetProps | undefined, _hasEks: boolean, problems: Problems): ResolvedAwsSettings {
  const prefix = props?.accessLogsBucketPrefix;
  if (prefix !== undefined) {
    problems.check(/^[a-z0-9][a-z0-9.-]{1,40}$/.test(prefix), 'aws.accessLogsBucketPrefix', `${show(prefix)} is not an S3 bucket name prefix (lowercase letters, digits, '.' and '-', at most 41 characters, so the region fits)`);
  }
  for (const [key, value] of Object.entries(props?.tags ?? {})) {
    problems.check(key.length >= 1 && key.length <= 128 && !key.startsWith('aws:'), `aws.tags.${key}`, 'is not a tag key (1-128 characters, not starting with "aws:")');
    problems.check(typeof value === 'string' && value.length <= 256, `aws.tags.${key}`, `${show(value)} is not a tag value (at most 256 characters)`);
  }
  return { tags: { ...props?.tags }, ...(prefix ? { accessLogsBucketPrefix: prefix } : {}), waf: props?.waf ?? true };
}
