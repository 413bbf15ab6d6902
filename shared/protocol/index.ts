export * from './common';
export * from './categories';
export * from './events';
export * from './messages';
export * from './format';
export * from './version';
