// The hash algorithms a CTL may be signed with, as <option>s: the codec's list, written once.
import { HASH_ALGORITHMS, WEBCRYPTO_HASH } from '../../../shared/ctl/tags';

export function HashOptions() {
  return (
    <>
      {HASH_ALGORITHMS.map((h) => (
        <option key={h} value={h}>
          {WEBCRYPTO_HASH[h]}
        </option>
      ))}
    </>
  );
}
