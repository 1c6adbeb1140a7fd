/**
 * shared/ compiles without DOM or Node typings, yet TextEncoder/TextDecoder exist in every runtime it
 * targets (browsers, Node ≥ 11), so they are declared here for this module only.
 */
declare const TextEncoder: { new (): { encode(input: string): Uint8Array } };
declare const TextDecoder: {
  new (label: 'utf-8', options: { fatal: boolean }): { decode(input: Uint8Array): string };
};

const encoder = new TextEncoder();
// fatal: a message with broken UTF-8 is corrupt, not something to paper over with U+FFFD.
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
