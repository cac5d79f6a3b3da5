// The hash algorithms a CTL may be signed with (those phones verify), as <option>s: the codec's list, written once.
import { WEBCRYPTO_HASH, WRITABLE_HASHES } from '../../../shared/ctl/tags';

export function HashOptions() {
  return (
    <>
      {WRITABLE_HASHES.map((h) => (
        <option key={h} value={h}>
          {WEBCRYPTO_HASH[h]}
        </option>
      ))}
    </>
  );
}
