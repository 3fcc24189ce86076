/**
 * The credential of the command line: `@azure/identity`'s DefaultAzureCredential (environment variables,
 * workload identity, managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell), signing in at the
 * chosen cloud's authority. Tests and benchmarks set the test token endpoint instead (`test-credential.ts`).
 */
import type { TokenCredential } from '@azure/core-auth';
import type { Cloud } from './clouds';
import { LoopbackTestCredential, TEST_TOKEN_ENDPOINT_VARIABLE } from './test-credential';

export async function commandLineCredential(cloud: Cloud, env: NodeJS.ProcessEnv = process.env): Promise<TokenCredential> {
  const testEndpoint = env[TEST_TOKEN_ENDPOINT_VARIABLE];
  if (testEndpoint) return new LoopbackTestCredential(testEndpoint);
  // Loaded on demand: the identity library is large and only `live` needs it.
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential({ authorityHost: cloud.authorityHost });
}
