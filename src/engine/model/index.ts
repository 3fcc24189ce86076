export * from './span';
export type * from './value';
export * from './resource';
export * from './finding';
export type * from './change';
