import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from 'cdktf';
import { FleetStack, TerraformBackend } from '../lib';
import { StackOutput } from '../lib/terraform/stack-output';
import { seedFleet } from './support/fleets';
import { tempDir } from './support/synth';

function pair(backend: TerraformBackend) {
  const plan = seedFleet().plan();
  const app = new App({ outdir: tempDir(), stackTraces: false });
  const producer = new FleetStack(app, 'producer', { plan, backend, description: 'publishes' });
  const networkId = StackOutput.string('producer', 'network_id');
  producer.publish(networkId, 'projects/x/global/networks/y', 'the network');
  const consumer = new FleetStack(app, 'consumer', { plan, backend, description: 'consumes' });
  const value = consumer.consume(networkId);
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

  it('publish only their own outputs, and consume only other stacks\' outputs', () => {
    const plan = seedFleet().plan();
    const app = new App({ outdir: tempDir(), stackTraces: false });
    const stack = new FleetStack(app, 'consumer', { plan, backend: TerraformBackend.local(), description: 'mixes up outputs' });
    assert.throws(() => stack.publish(StackOutput.string('producer', 'network_id'), 'x', 'not ours'), /Stack "consumer" cannot publish the output "network_id" of stack "producer"/);
    assert.throws(() => stack.consume(StackOutput.string('consumer', 'network_id')), /Stack "consumer" cannot consume its own output "network_id" of stack "consumer"/);
  });
});
