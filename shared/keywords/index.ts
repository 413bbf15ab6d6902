export * from './types';
export * from './default-lists';
export * from './engine';
