export * from './errors';
export * from './protocol';
export * from './signer';
export * from './profiles';
