/**
 * Whether the page is being printed (or previewed for print), with a subscription: charts switch to
 * dark ink on white for the printed report. `beforeprint` fires before the print layout; the media
 * query also follows emulated print media (tests, PDF export).
 */
const query = typeof window !== 'undefined' ? window.matchMedia('print') : null;
let forced: boolean | null = null;

export function isPrinting(): boolean {
  return forced ?? query?.matches ?? false;
}

export function subscribePrint(listener: (printing: boolean) => void): () => void {
  const onChange = () => listener(isPrinting());
  const before = () => {
    forced = true;
    onChange();
  };
  const after = () => {
    forced = null;
    onChange();
  };
  query?.addEventListener('change', onChange);
  window.addEventListener('beforeprint', before);
  window.addEventListener('afterprint', after);
  return () => {
    query?.removeEventListener('change', onChange);
    window.removeEventListener('beforeprint', before);
    window.removeEventListener('afterprint', after);
  };
}
