/**
 * The Azure SDK side of the extension's Azure Compliance view, bundled on its own (`dist/azure.js`) and loaded
 * only when the view first needs it, so that the SDK never weighs on the extension's activation.
 */
export { readCloud } from './account';
export { describeAzureError, isCancellation } from './errors';
export { LoopbackTestCredential } from './test-credential';
