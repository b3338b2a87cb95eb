import {
  DataTerraformRemoteStateGcs, DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, GcsBackend, LocalBackend,
  S3Backend, type TerraformRemoteState, type TerraformStack,
} from 'cdktf';
import type { Construct } from 'constructs';

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
