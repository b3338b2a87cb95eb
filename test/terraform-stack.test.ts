import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from 'cdktf';
import { FleetStack, TerraformBackend } from '../lib';
import { seedFleet } from './support/fleets';
import { tempDir } from './support/synth';

function pair(backend: TerraformBackend) {
  const plan = seedFleet().plan();
  const app = new App({ outdir: tempDir(), stackTraces: false });
  const producer = new FleetStack(app, 'producer', { plan, backend, description: 'publishes' });
  producer.publish('network_id', 'projects/x/global/networks/y', 'the network');
  const consumer = new FleetStack(app, 'consumer', { plan, backend, description: 'consumes' });
  const value = consumer.consumeString('producer', 'network_id');
  return { producer: producer.toTerraform(), consumer: consumer.toTerraform(), value, dependencies: consumer.stackDependencies };
}

describe('fleet stacks', () => {
  it('keep local state in their own folder and read other stacks by relative path', () => {
    const { producer, consumer, dependencies } = pair(TerraformBackend.local());
    assert.deepEqual(producer.terraform.backend, { local: { path: 'terraform.tfstate' } });
    assert.deepEqual(consumer.data.terraform_remote_state['stack-producer'], { backend: 'local', config: { path: '../producer/terraform.tfstate' } });
    assert.deepEqual(dependencies, ['producer']);
  });

  it('publish outputs under a stable name', () => {
    const { producer } = pair(TerraformBackend.local());
    assert.deepEqual(producer.output.network_id, { description: 'the network', value: 'projects/x/global/networks/y' });
  });

  it('keep state in GCS under <prefix>/<stack>', () => {
    const { producer, consumer } = pair(TerraformBackend.gcs({ bucket: 'tf-state' }));
    assert.deepEqual(producer.terraform.backend, { gcs: { bucket: 'tf-state', prefix: 'fleet/producer' } });
    assert.deepEqual(consumer.data.terraform_remote_state['stack-producer'].config, { bucket: 'tf-state', prefix: 'fleet/producer' });
  });

  it('keep state in S3, encrypted and locked with a lock file', () => {
    const { producer, consumer } = pair(TerraformBackend.s3({ bucket: 'tf-state', region: 'eu-west-1', keyPrefix: 'prod' }));
    assert.deepEqual(producer.terraform.backend, { s3: { bucket: 'tf-state', region: 'eu-west-1', key: 'prod/producer/terraform.tfstate', encrypt: true, use_lockfile: true } });
    assert.equal(consumer.data.terraform_remote_state['stack-producer'].config.key, 'prod/producer/terraform.tfstate');
  });
});
