export * from './board-hosts';
