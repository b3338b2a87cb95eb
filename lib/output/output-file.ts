/** A file of synthesized output, relative to the root of its output (e.g. `gke-us-central1/app-web.yaml`). */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}
