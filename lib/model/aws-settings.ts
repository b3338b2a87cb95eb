import type { Problems } from './problems';

/** Settings of the fleet's AWS side. */
export interface AwsFleetProps {
  /**
   * Tags on every AWS resource (the provider's `default_tags`), besides the fleet's own.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** AWS settings with every default applied. */
export interface ResolvedAwsSettings {
  readonly tags: Readonly<Record<string, string>>;
}

/** Checks and resolves the fleet's AWS settings. */
export function planAwsSettings(props: AwsFleetProps | undefined, _hasEks: boolean, _problems: Problems): ResolvedAwsSettings {
  return { tags: { ...props?.tags } };
}
