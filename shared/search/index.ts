export * from './catalogue';
export * from './kid-safe-engines';
export * from './rewrite';
export * from './dnr-rules';
export * from './dnr-types';
export * from './browser-policy';
