/**
 * The fake Azure of the browser check: the acceptance estate of both clouds, served over HTTPS on 127.0.0.1 by
 * the e2e runner before code-server starts, so that the extension host inherits the variables that name it (the
 * extension honours them only in a development or test host).
 */
import { TEST_ARM_ENDPOINT_VARIABLE, TEST_TOKEN_ENDPOINT_VARIABLE } from '../../src/azure/test-credential';
import { bothClouds } from '../azure/fake-arm/scenario';
import { FakeArm } from '../azure/fake-arm/server';

export interface FakeAzure {
  readonly env: Record<string, string>;
  /** The next `times` Resource Graph queries get no answer, as from an overloaded service. */
  hangResourceGraph(times: number): void;
  stop(): Promise<void>;
}

export async function startFakeAzure(): Promise<FakeAzure> {
  const fake = await new FakeArm(bothClouds()).start();
  return {
    env: { [TEST_TOKEN_ENDPOINT_VARIABLE]: fake.tokenEndpoint, [TEST_ARM_ENDPOINT_VARIABLE]: fake.url },
    hangResourceGraph: (times) => fake.inject({ match: /^POST \/providers\/Microsoft\.ResourceGraph\/resources/i, kind: 'hang', times }),
    stop: () => fake.stop(),
  };
}
