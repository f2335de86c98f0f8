export * from './datetime';
export * from './errors';
export * from './profiles';
export * from './protocol';
export * from './signer';
export * from './warnings';
