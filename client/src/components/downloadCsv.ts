/** Saves text as a CSV file through a temporary object URL (works offline, no server round trip). */
export function downloadCsv(filename: string, text: string): void {
  // A BOM lets spreadsheet programs read the units (°C, Σ) as UTF-8.
  const blob = new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
