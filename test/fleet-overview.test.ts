import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, Fleet, Replicas } from '../lib';
import { fleetOverview } from '../lib/overview/fleet-overview';
import { richFleet, seedFleet, seedOptions } from './support/fleets';
import { synthToTemp } from './support/synth';

// jsdom ships no types; it stands in for the browser window mermaid's sanitizer (DOMPurify) needs.
const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: { document: unknown } } };

// mermaid is an ES module, and TypeScript compiles `import()` to `require` for CommonJS output.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

let mermaid: Promise<{ parse(text: string): Promise<{ diagramType: string }> }> | undefined;

/** mermaid's own parser (the one GitHub and GitLab render with), in Node with a jsdom window for its sanitizer. */
function mermaidParser() {
  mermaid ??= (async () => {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    return (await importEsm('mermaid')).default;
  })();
  return mermaid;
}

function diagramOf(markdown: string): string {
  const match = /```mermaid\n([\s\S]*?)```/.exec(markdown);
  assert.ok(match, 'FLEET.md holds a mermaid block');
  return match[1];
}

/** A fleet of `n` clusters over both clouds and several regions, with `apps` apps. */
function largeFleet(n: number, apps: number): Fleet {
  const fleet = new Fleet({ name: 'large', gcp: { project: 'large-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  const gcp = ['us-central1', 'us-east1', 'europe-west1', 'asia-east1', 'us-west1'];
  const aws = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'eu-central-1'];
  for (let i = 0; i < n; i++) {
    const cloud = i % 2 === 0 ? 'gcp' : 'aws';
    const regions = cloud === 'gcp' ? gcp : aws;
    // A Google backend service holds at most 50 backends (3 per GKE cluster): GKE clusters past the 16th share another.
    const group = cloud === 'gcp' && i / 2 >= 16 ? { gke: { loadBalancerGroup: 'lb-1' } } : {};
    fleet.addCluster({ name: `${cloud}-${i}`, cloud, region: regions[Math.floor(i / 2) % regions.length], ...group });
  }
  for (let a = 0; a < apps; a++) {
    fleet.addApp({ name: `app-${a}`, image: `example/app-${a}:1.0.0`, containerPort: 8080, nodePort: 30100 + a, replicas: Replicas.divided(3 * n), ingress: a % 2 === 0 ? { host: `app-${a}.example.com` } : undefined });
  }
  return fleet;
}

describe('dist/FLEET.md', () => {
  it('is part of the default fleet\'s output, and its Mermaid diagram parses with mermaid\'s own parser', async () => {
    const { files } = synthToTemp(seedFleet(), seedOptions());
    const overview = files.get('FLEET.md');
    assert.ok(overview);
    const parsed = await (await mermaidParser()).parse(diagramOf(overview));
    assert.equal(parsed.diagramType, 'flowchart-v2');
  });

  it('the parser rejects a broken diagram (the check can fail)', async () => {
    await assert.rejects((await mermaidParser()).parse('flowchart LR\n  a --> --> b\n'));
  });

  it('draws clouds, regions, clusters, the global load balancer, the EKS load balancers and the DNS names', () => {
    const diagram = diagramOf(fleetOverview(seedFleet().plan()));
    assert.match(diagram, /subgraph gcp\["Google Cloud \(GKE\)"\]/);
    assert.match(diagram, /subgraph r_aws_us_west_2\["us-west-2"\]/);
    assert.match(diagram, /c_europe_west1\["europe-west1"\]/);
    assert.match(diagram, /glb\{\{"Google global HTTPS LB"\}\}/);
    assert.match(diagram, /dns_get_region\(\["get-region\.example\.com"\]\)/);
    assert.match(diagram, /glb -->\|"get-region"\| c_us_central1/);
    assert.match(diagram, /dns_get_region -->\|"get-region: ALB"\| c_eu_west_1/);
  });

  it('tables apps x clusters with replicas, images that differ, and exposure', () => {
    const overview = fleetOverview(richFleet().plan());
    assert.match(overview, /^\| web \| `registry\.example\.com\/team\/web:2\.1\.0` \| global LB \(GKE\), ALB \(EKS\) \| web\.example\.com \|$/m);
    assert.match(overview, /^\| worker \| `registry\.example\.com\/team\/worker:1\.0\.0` \| in cluster \(GKE\), in cluster \(EKS\) \| - \|$/m);
    // web is divided 10 over weights 1 (gke-eu), 3 (gke-us), 2 (eks-us), one each first; gke-eu runs a release candidate.
    assert.match(overview, /^\| web \| 2 \(`registry\.example\.com\/team\/web:2\.2\.0-rc1`\) \| 5 \| 3 \|$/m);
  });

  it('stays readable at 50 clusters: one node per region, a row per app and region, and it parses', async () => {
    const overview = fleetOverview(largeFleet(50, 6).plan());
    const diagram = diagramOf(overview);
    assert.equal((await (await mermaidParser()).parse(diagram)).diagramType, 'flowchart-v2');
    assert.doesNotMatch(diagram, /c_gcp_0/);
    assert.match(diagram, /r_gcp_us_central1\["us-central1: 5 clusters<br\/>gcp-0, gcp-10, gcp-20, … \(5\)"\]/);
    // Apps that run in every region of a cloud point at the cloud; the global LB's edge carries every app.
    assert.match(diagram, /^ {2}glb -->\|"app-0, app-2, app-4"\| gcp$/m);
    assert.match(diagram, /^ {2}dns_app_0 -->\|"app-0: ALB"\| aws$/m);
    const edges = diagram.split('\n').filter((l) => /-->|-\.->/.test(l));
    assert.equal(edges.length, 13);
    assert.ok(diagram.split('\n').length < 100, `${diagram.split('\n').length} lines`);
    assert.match(overview, /^## Replicas per region$/m);
    assert.match(overview, /^\| app-0 \| gcp \| asia-east1 \| gcp-16, gcp-26, gcp-36 and 2 more \| 3 \| same \|$/m);
  });

  it('is the same whatever the order of the declaration', () => {
    const forward = largeFleet(12, 3);
    const backward = new Fleet(forward.props);
    for (const c of [...forward.clusters].reverse()) backward.addCluster(c.props);
    for (const a of [...forward.apps].reverse()) backward.addApp(a.props);
    assert.equal(fleetOverview(backward.plan()), fleetOverview(forward.plan()));
  });
});
