// A translated sentence with elements inside it (a command in <code>, an address in mono): the
// sentence's word order is the language's, so the elements go where its placeholders are.
// Fill the placeholders with SLOT and pass the elements as children, in the sentence's order.

import { Fragment, type ReactNode } from 'react';

/** What a placeholder is filled with to mark where an element goes. */
export const SLOT = '\u0000';

export function Slotted({ text, children }: { text: string; children: ReactNode | ReactNode[] }) {
  const slots = Array.isArray(children) ? children : [children];
  const parts = text.split(SLOT);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 ? slots[Math.min(i, slots.length - 1)] : null}
        </Fragment>
      ))}
    </>
  );
}
