import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

describe('public API', () => {
  it('equals the committed API report etc/cdk-fleet.api.md, every export documented', async () => {
    // api-extractor reads build/lib/index.d.ts (compiled by `npm test`'s tsc); without --local it fails instead of
    // rewriting the report when the API changed, and on any undocumented export or leaked internal type.
    const bin = path.join(root, 'node_modules', '.bin', 'api-extractor');
    const result = await run(bin, ['run'], { cwd: root }).then(() => undefined, (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`);
    assert.equal(result, undefined, `The public API (lib/index.ts) differs from the committed report etc/cdk-fleet.api.md, or breaks its rules. Run \`npm run api\` to regenerate the report, and commit it.\n${result}`);
  });
});
