/**
 * The extension's fixed identity. The manifest `key` is the base64 SubjectPublicKeyInfo of an RSA-2048 key made
 * once with openssl (the private key was discarded: the store signs releases with its own key). Chromium derives
 * the ID from it: the first 32 hex digits of SHA-256(SPKI DER), each mapped 0-f → a-p. The agent's allowlist
 * (`--allow-origin chrome-extension://<ID>`) and the tests use this ID.
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAljWB9VmkCuANCwy/hVh0YKQmPTyZoRW/9jUZ4s25TO+QNTH/bYDboYk23tf3xWiowxvy4el/gLr/DReDJxm8jKEp/vOURLnJhQ7Nt6jEXA5UJn9w4A5SJqbJKPfVxHM868guYvlT9gcxuxgqkR2ESXuCGkKBstF+RhAVw6x62ESVMonSplPiiaUS58eKaBTKqQTF/EdchONJ51Jk6CibBClHM4TFCYtTTe5PzsXpbUhmxn6Vd/W1GFGRVALHQg/ACGJHji4LWRk2Z9oP9vsZ0n0BrCxVYF9PEQu/YExNQXtXmE4fy/4ALoueyj8hDW9jAAPkYqB3e2jGjDtoJRgokwIDAQAB';

export const EXTENSION_ID = 'oajdabalopjpnhjpleednbgjdpmhipeb';

export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
