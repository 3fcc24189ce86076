/** Shared set-up of the live tests: a fake server with a tenant, and a connection to it with quick retries. */
import { CLOUDS, type CloudName } from '../../src/azure/clouds';
import { connect, type ArmConnection, type ConnectionOptions } from '../../src/azure/connection';
import { LoopbackTestCredential } from '../../src/azure/credentials';
import { FakeArm, type FakeArmOptions } from './fake-arm/server';
import type { FakeTenant } from './fake-arm/tenant';

export const QUICK: ConnectionOptions = { attemptTimeoutMs: 1000, retry: { maxRetries: 3, retryDelayInMs: 10, maxRetryDelayInMs: 40 } };

export async function withFake<T>(tenant: FakeTenant, options: FakeArmOptions, fn: (fake: FakeArm) => Promise<T>): Promise<T> {
  const fake = await new FakeArm(tenant, options).start();
  try {
    return await fn(fake);
  } finally {
    await fake.stop();
  }
}

export function connectTo(fake: FakeArm, cloud: CloudName = 'AzureCloud', options: ConnectionOptions = {}): ArmConnection {
  return connect(CLOUDS[cloud], new LoopbackTestCredential(fake.tokenEndpoint), { ...QUICK, ...options, endpoint: fake.url });
}
