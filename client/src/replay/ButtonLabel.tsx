/** A button's words: in full where there is room, one word on a phone (the full words stay its name). */
export function ButtonLabel({ long, short }: { long: string; short: string }) {
  return (
    <>
      <span className="pl-text">{long}</span>
      <span className="pl-short" aria-hidden="true">
        {short}
      </span>
    </>
  );
}
