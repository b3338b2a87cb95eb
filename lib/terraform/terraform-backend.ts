import {
  DataTerraformRemoteStateGcs, DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, GcsBackend, LocalBackend,
  S3Backend, type TerraformRemoteState, type TerraformStack,
} from 'cdktf';
import type { Construct } from 'constructs';
import { show, type Problems } from '../model/problems';
import { findRegion, regionsOf } from '../model/region';
import { checkProps, DROP, planned, type PropsShape } from '../model/shapes';
import { didYouMean } from '../model/suggest';

/** Properties of {@link TerraformBackend.gcs}. */
export interface GcsBackendProps {
  /** The bucket that holds the state. */
  readonly bucket: string;
  /**
   * Prefix of every stack's state; each stack's state lives under `<prefix>/<stack>`.
   * @default - the fleet's name
   */
  readonly prefix?: string;
}

/** Properties of {@link TerraformBackend.s3}. */
export interface S3BackendProps {
  /** The bucket that holds the state. */
  readonly bucket: string;
  /** The bucket's region. */
  readonly region: string;
  /**
   * Prefix of every stack's state key; each stack's state is `<keyPrefix>/<stack>/terraform.tfstate`.
   * @default - the fleet's name
   */
  readonly keyPrefix?: string;
}

/** A {@link TerraformBackend} as plain data, for a worker thread. */
export type TerraformBackendData =
  | { readonly kind: 'local' }
  | { readonly kind: 'gcs'; readonly props: GcsBackendProps }
  | { readonly kind: 's3'; readonly props: S3BackendProps };

/**
 * Where the stacks keep their Terraform state. Every stack of a fleet uses the same backend, each with its own
 * state, and reads the outputs of the stacks it depends on from there (`terraform_remote_state`).
 */
export abstract class TerraformBackend {
  /**
   * State in `terraform.tfstate` inside each stack's folder, for trying the fleet out. Synthesis keeps files it
   * did not write, so the state survives a new synth; deleting the output folder deletes it.
   */
  public static local(): TerraformBackend {
    return new LocalStateBackend();
  }

  /** State in a Google Cloud Storage bucket (locking included). */
  public static gcs(props: GcsBackendProps): TerraformBackend {
    return new GcsStateBackend(props);
  }

  /** State in an S3 bucket, encrypted, locked with S3's native lock file (Terraform 1.10 or later). */
  public static s3(props: S3BackendProps): TerraformBackend {
    return new S3StateBackend(props);
  }

  /** @internal The backend that {@link TerraformBackend.data} describes. */
  public static fromData(data: TerraformBackendData): TerraformBackend {
    switch (data.kind) {
      case 'local': return TerraformBackend.local();
      case 'gcs': return TerraformBackend.gcs(data.props);
      case 's3': return TerraformBackend.s3(data.props);
    }
  }

  /** @internal The backend as plain data, for a worker thread. */
  public abstract get data(): TerraformBackendData;

  /** @internal Configures `stack`'s own state. */
  public abstract configure(stack: TerraformStack, stackName: string, fleetName: string): void;

  /** @internal The outputs of stack `stackName`, read from its state. */
  public abstract remoteState(scope: Construct, id: string, stackName: string, fleetName: string): TerraformRemoteState;
}

class LocalStateBackend extends TerraformBackend {
  public get data(): TerraformBackendData {
    return { kind: 'local' };
  }

  // Relative paths: the output must not depend on the folder it was synthesized in (cdktf's default is an
  // absolute path). Terraform runs in the stack's folder (`terraform -chdir=stacks/<stack>`).
  public configure(stack: TerraformStack): void {
    new LocalBackend(stack, { path: 'terraform.tfstate' });
  }

  public remoteState(scope: Construct, id: string, stackName: string): TerraformRemoteState {
    return new DataTerraformRemoteStateLocal(scope, id, { path: `../${stackName}/terraform.tfstate` });
  }
}

class GcsStateBackend extends TerraformBackend {
  constructor(private readonly props: GcsBackendProps) {
    super();
  }

  public get data(): TerraformBackendData {
    return { kind: 'gcs', props: this.props };
  }

  public configure(stack: TerraformStack, stackName: string, fleetName: string): void {
    new GcsBackend(stack, { bucket: this.props.bucket, prefix: this.prefix(stackName, fleetName) });
  }

  public remoteState(scope: Construct, id: string, stackName: string, fleetName: string): TerraformRemoteState {
    return new DataTerraformRemoteStateGcs(scope, id, { bucket: this.props.bucket, prefix: this.prefix(stackName, fleetName) });
  }

  private prefix(stackName: string, fleetName: string): string {
    return `${this.props.prefix ?? fleetName}/${stackName}`;
  }
}

class S3StateBackend extends TerraformBackend {
  constructor(private readonly props: S3BackendProps) {
    super();
  }

  public get data(): TerraformBackendData {
    return { kind: 's3', props: this.props };
  }

  public configure(stack: TerraformStack, stackName: string, fleetName: string): void {
    const backend = new S3Backend(stack, { bucket: this.props.bucket, region: this.props.region, key: this.key(stackName, fleetName), encrypt: true });
    // S3's own lock file replaces the DynamoDB lock table since Terraform 1.10; cdktf 0.21 has no prop for it.
    backend.addOverride('use_lockfile', true);
  }

  public remoteState(scope: Construct, id: string, stackName: string, fleetName: string): TerraformRemoteState {
    return new DataTerraformRemoteStateS3(scope, id, { bucket: this.props.bucket, region: this.props.region, key: this.key(stackName, fleetName) });
  }

  private key(stackName: string, fleetName: string): string {
    return `${this.props.keyPrefix ?? fleetName}/${stackName}/terraform.tfstate`;
  }
}

/**
 * Checks a backend given to `synth`, whatever the caller passed: a {@link TerraformBackend} (a plain object from
 * JSON is not one), whose bucket name follows its cloud's published rules and whose region is in our catalog.
 * Every stack's backend block holds these values, and Terraform would only refuse them at `terraform init`.
 */
export function checkBackend(value: unknown, path: string, problems: Problems): unknown {
  if (!problems.check(value instanceof TerraformBackend, path, `${show(value)} is not a TerraformBackend; use TerraformBackend.local(), TerraformBackend.gcs({ bucket }) or TerraformBackend.s3({ bucket, region })`)) return DROP;
  const data = (value as TerraformBackend).data;
  if (data.kind === 'local') return value;
  const shape = data.kind === 'gcs' ? GCS_PROPS : S3_PROPS;
  const props = checkProps<GcsBackendProps | S3BackendProps>(data.props, shape, path, `the ${data.kind.toUpperCase()} backend props`, problems);
  if (!props) return DROP;
  const before = problems.all.length;
  if (data.kind === 'gcs') {
    problems.check(isGcsBucketName(props.bucket), `${path}.bucket`, `${show(props.bucket)} is not ${GCS_BUCKET_RULE}`);
  } else {
    const s3 = props as S3BackendProps;
    problems.check(isS3BucketName(s3.bucket), `${path}.bucket`, `${show(s3.bucket)} is not ${S3_BUCKET_RULE}`);
    if (!findRegion('aws', s3.region)) {
      const known = regionsOf('aws').map((r) => r.name);
      problems.add(`${path}.region`, `${show(s3.region)} is not an AWS region${didYouMean(s3.region, known)}; known regions: ${known.join(', ')}`);
    }
  }
  const prefix = data.kind === 'gcs' ? (props as GcsBackendProps).prefix : (props as S3BackendProps).keyPrefix;
  const prefixPath = `${path}.${data.kind === 'gcs' ? 'prefix' : 'keyPrefix'}`;
  if (prefix !== undefined) {
    problems.check(typeof prefix === 'string' && /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(prefix) && prefix.length <= 512, prefixPath, `${show(prefix)} is not a state prefix (letters, digits and !_.*'()- in '/'-separated parts, no leading or trailing '/')`);
  }
  return problems.all.length === before ? value : DROP;
}

const GCS_PROPS: PropsShape<GcsBackendProps> = { bucket: planned, prefix: planned };
const S3_PROPS: PropsShape<S3BackendProps> = { bucket: planned, region: planned, keyPrefix: planned };

// https://cloud.google.com/storage/docs/buckets#naming
const GCS_BUCKET_RULE = 'a Cloud Storage bucket name (3-63 lowercase letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit; up to 222 with dots, 63 between them; not an IP address; no "goog" prefix, no "google")';

function isGcsBucketName(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const max = value.includes('.') ? 222 : 63;
  return value.length >= 3 && value.length <= max && /^[a-z0-9][a-z0-9_.-]*[a-z0-9]$/.test(value)
    && value.split('.').every((part) => part.length >= 1 && part.length <= 63)
    && !/^\d+\.\d+\.\d+\.\d+$/.test(value) && !value.startsWith('goog') && !/g[o0]{2}g[l1]e/.test(value);
}

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (general purpose buckets)
const S3_BUCKET_RULE = 'an S3 bucket name (3-63 lowercase letters, digits, \'.\' and \'-\', starting and ending with a letter or digit, no "..", not an IP address, no "xn--", "sthree-" or "amzn-s3-demo-" prefix, no "-s3alias", "--ol-s3", ".mrap", "--x-s3" or "--table-s3" suffix)';

function isS3BucketName(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 3 && value.length <= 63 && /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(value)
    && !value.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(value)
    && !/^(xn--|sthree-|amzn-s3-demo-)/.test(value) && !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(value);
}
