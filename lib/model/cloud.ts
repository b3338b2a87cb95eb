/** The clouds a fleet's clusters run on: Google Cloud (GKE) and AWS (EKS). */
export type Cloud = 'gcp' | 'aws';

/** Every supported cloud, for validation messages. */
export const CLOUDS: readonly Cloud[] = ['gcp', 'aws'];
