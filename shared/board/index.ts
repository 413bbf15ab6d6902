export * from './board-hosts';
export * from './youtube-url';
export * from './youtube-frontends';
export * from './teaching-sites';
export * from './board-decision';
export * from './board-rules';
export * from './board-state';
export * from './display-topology';
