const SPLIT = /^([−+-]?\$?[\d.,]+[kMB]?)(.*)$/;

/**
 * A formatted figure whose unit is typeset smaller than its number. The text stays the full formatted
 * string ("412.3 MW"), which is what screen readers and tests read.
 */
export function Value({ text }: { text: string }) {
  const m = SPLIT.exec(text);
  if (!m?.[2]) return <>{text}</>;
  return (
    <>
      {m[1]}
      <span className="unit">{m[2]}</span>
    </>
  );
}
