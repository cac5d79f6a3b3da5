// The screen's heading. It takes focus when the screen appears, so keyboard and screen
// reader users land on the new step instead of a button of the old one.
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

export function StepHeading({ children, id }: { children: ReactNode; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const heading = ref.current;
    const active = document.activeElement;
    // Leave focus on a field the screen focused on purpose (e.g. re-entering a password).
    if (heading && (!active || active === document.body || !heading.parentElement?.contains(active))) heading.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} id={id}>
      {children}
    </h1>
  );
}
