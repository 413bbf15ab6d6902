export * from './outbox';
export * from './backoff';
