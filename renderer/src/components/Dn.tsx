// A distinguished name in the one display form (CN first, ";" between attributes). A line may
// break after a ";" or between words of a value, never inside a word such as "SAST-ADN10".
import { Fragment } from 'react';
import { displayDn, splitUnescaped } from '../format';

export function Dn({ name }: { name: string }) {
  const parts = splitUnescaped(displayDn(name), ';');
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part.split(' ').map((word, j) => (
            <Fragment key={j}>
              {j > 0 && ' '}
              <span className="nowrap">{word}</span>
            </Fragment>
          ))}
          {i < parts.length - 1 && (
            <>
              ;<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
