/**
 * The format adapters, in the order the workspace asks them to parse a file.
 */
import type { FormatAdapter } from '../workspace/document';
import { armAdapter } from './arm/adapter';
import { bicepAdapter } from './bicep/adapter';
import { terraformAdapter } from './terraform/adapter';

export const ADAPTERS: readonly FormatAdapter[] = [armAdapter, bicepAdapter, terraformAdapter];
