/**
 * The Azure SDK side of the Azure Compliance view is a bundle of its own (`dist/azure.js`), loaded the first time
 * the view reads a cloud: the extension activates without it.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';

export type AzureModule = typeof import('../../azure/extension-entry');

let loaded: AzureModule | undefined;

export function azureModule(extensionPath: string): AzureModule {
  const file = path.join(extensionPath, 'dist', 'azure.js');
  loaded ??= createRequire(file)(file) as AzureModule;
  return loaded;
}
