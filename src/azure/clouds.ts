/**
 * The clouds live compliance reads: Azure public and Azure US Government, with the ARM endpoint, token audience,
 * sign-in authority and portal each publishes (from `data/regions.json`'s `clouds` section, which names its
 * sources).
 */
import regionsData from '../../data/regions.json';

export const CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export interface Cloud {
  readonly name: CloudName;
  readonly displayName: string;
  /** Azure Resource Manager, without a trailing slash. */
  readonly resourceManager: string;
  /** The OAuth 2.0 scope of an ARM access token. */
  readonly armScope: string;
  /** Microsoft Entra ID's sign-in host for this cloud. */
  readonly authorityHost: string;
  readonly portal: string;
}

interface RawCloud {
  resourceManagerEndpoint: string;
  armTokenAudiences: string[];
  activeDirectoryAuthority: string;
  portal: string;
}

const DISPLAY: Record<CloudName, string> = { AzureCloud: 'Azure', AzureUSGovernment: 'Azure US Government' };

function build(name: CloudName): Cloud {
  const raw = (regionsData.clouds as unknown as Record<CloudName, RawCloud>)[name];
  const resourceManager = raw.resourceManagerEndpoint.replace(/\/+$/, '');
  // Both audiences are accepted (see the data's note); the ARM endpoint's own is the one the Azure SDK requests.
  const audience = raw.armTokenAudiences.find((a) => a.replace(/\/+$/, '') === resourceManager) ?? raw.armTokenAudiences[0];
  return {
    name,
    displayName: DISPLAY[name],
    resourceManager,
    // An identifier ending in a slash keeps it (`…//.default`): that is the scope Microsoft Entra ID matches.
    armScope: `${audience}/.default`,
    authorityHost: raw.activeDirectoryAuthority.replace(/\/+$/, ''),
    portal: raw.portal.replace(/\/+$/, ''),
  };
}

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = { AzureCloud: build('AzureCloud'), AzureUSGovernment: build('AzureUSGovernment') };

export function isCloudName(name: string): name is CloudName {
  return (CLOUD_NAMES as readonly string[]).includes(name);
}

/** The portal page of a resource, in the resource's tenant when it is known (the portal's `#@tenant/resource/…` link). */
export function portalUrl(cloud: Cloud, resourceId: string, tenantId?: string): string {
  return `${cloud.portal}/#${tenantId ? `@${tenantId}/` : ''}resource${resourceId}`;
}
