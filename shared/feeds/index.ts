export * from './registry.js';
export type * from './generated/types.js';
