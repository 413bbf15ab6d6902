export * from './types';
export * from './default-lists';
export * from './engine';
export { compileMatcher, deserialiseMatcher, type Matcher } from './matcher';
export { normaliseText, normalisedString, type NormalisedText } from './normalise';
