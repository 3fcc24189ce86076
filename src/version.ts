declare const ITAR_GUARD_VERSION: string | undefined;

/** The product version, set by the bundler from package.json. */
export const VERSION: string = typeof ITAR_GUARD_VERSION === 'string' ? ITAR_GUARD_VERSION : '0.0.0-dev';
