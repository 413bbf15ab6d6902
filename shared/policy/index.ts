export * from './schema';
export * from './defaults';
export * from './resolve';
export * from './managed-config';
export * from './search-section';
export * from './board-section';
export * from './keywords-section';
export * from './school-hours';
