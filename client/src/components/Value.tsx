const SPLIT = /^([−+-]?\$?[\d.,]+[kMB]?)(.*)$/;

/** A formatted figure's number and unit ("412.3", " MW"); the unit is '' when there is none ("—"). */
export function splitValue(text: string): [number: string, unit: string] {
  const m = SPLIT.exec(text);
  return m?.[2] ? [m[1]!, m[2]] : [text, ''];
}

/**
 * A formatted figure whose unit is typeset smaller than its number. The text stays the full formatted
 * string ("412.3 MW"), which is what screen readers and tests read.
 */
export function Value({ text }: { text: string }) {
  const [num, unit] = splitValue(text);
  if (!unit) return <>{text}</>;
  return (
    <>
      {num}
      <span className="unit">{unit}</span>
    </>
  );
}

/**
 * What `Value` renders, written into `el` (a live figure's element, whose children React does not
 * render): its number as the first text node, its unit as a `span.unit` after it. Writes only what
 * changed, so a figure that keeps its unit costs one text write per update.
 */
export function writeValue(el: HTMLElement, text: string): void {
  const [num, unit] = splitValue(text);
  let numNode = el.firstChild;
  if (!numNode || numNode.nodeType !== Node.TEXT_NODE) {
    numNode = document.createTextNode(num);
    el.replaceChildren(numNode);
  } else if ((numNode as Text).data !== num) (numNode as Text).data = num;
  let unitEl = numNode.nextSibling as HTMLElement | null;
  if (!unit) {
    unitEl?.remove();
    return;
  }
  if (!unitEl) {
    unitEl = document.createElement('span');
    unitEl.className = 'unit';
    el.append(unitEl);
  }
  if (unitEl.textContent !== unit) unitEl.textContent = unit;
}
