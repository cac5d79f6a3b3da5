// Reading a picked/dropped file for the inspector: a size bound (CTL and ITL files are a few
// kilobytes) and base64 for the JSON/IPC request.

export { INPUT_FILE_LIMIT as MAX_FILE_BYTES } from '../../../shared/ipc/limits';

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked so a large file does not overflow the argument list of fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
