import type { FleetConfig } from '@gigawatt/shared';
import { formatNumber } from '../format/format.ts';
import { HOURS_PER_YEAR } from './execFigures.ts';

/** Which prices the revenue figures use (with their date and source) and how each figure is computed. */
export function PriceNote({ fleet }: { fleet: FleetConfig }) {
  const used = new Set(fleet.sites.flatMap((s) => s.halls.map((h) => h.gpuModel)));
  const models = fleet.gpuModels.filter((m) => used.has(m.id));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section className="xnotes" aria-labelledby="xnotes-title">
      <h2 id="xnotes-title" className="xsection-title">
        Prices and method
      </h2>
      <table className="xprices">
        <caption className="visually-hidden">Rental prices per GPU model</caption>
        <thead>
          <tr>
            <th scope="col">GPU model</th>
            <th scope="col">Price</th>
            <th scope="col">Quoted</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} data-model={m.id}>
              <th scope="row">{m.name}</th>
              <td className="num" data-price={m.pricePerGpuHourUsd}>
                ${formatNumber(m.pricePerGpuHourUsd, 2)} per GPU-hour
              </td>
              <td data-price-as-of={m.priceAsOf}>as of {m.priceAsOf}</td>
              <td className="xprices-source">{m.priceSource ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="xmethod">
        <li>
          <strong>Revenue run-rate</strong>: rented GPUs × the price of their model, per hall. Annualized ={' '}
          $/h × {formatNumber(HOURS_PER_YEAR)} h (365 days). <strong>Idle capacity</strong>: idle (healthy,
          unallocated) GPUs × the same prices.
        </li>
        <li>
          <strong>Utilization</strong>: mean over allocated (rented + internal) GPUs; sites are weighted by
          their allocated GPUs, never a mean of site means.
        </li>
        <li>
          <strong>Change</strong>: mean over the shown range against the mean over the previous range of the
          same length; omitted where less than half of either has data. <strong>By site</strong>: the range
          across sites now, with the site at the bad end named.
        </li>
        <li>
          <strong>Headroom</strong>: facility power cap − facility draw. <strong>PUE</strong>: facility ÷ IT
          power. Bands in charts: min–max within each bucket.
        </li>
        <li>Times in your time zone ({zone}); CSV exports use ISO 8601 UTC bucket start times.</li>
      </ul>
    </section>
  );
}
