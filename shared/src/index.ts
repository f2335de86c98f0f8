export * from './errors';
export * from './signer';
export * from './protocol';
