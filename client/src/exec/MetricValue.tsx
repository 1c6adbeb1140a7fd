/** "$802.4k/h" → number part and unit part, so the unit can be typeset smaller. */
const SPLIT = /^([−+-]?\$?[\d.,<]+[kMB]?)(.*)$/;

interface MetricValueProps {
  /** The `data-metric` hook ("gpuUtilPct"); tests read data-value and compare it with the API. */
  metric: string;
  value: number;
  text: string;
  scope: string;
  stat?: string;
  className?: string;
}

/** A figure with its unit; data-value carries the unrounded number behind the text. */
export function MetricValue({ metric, value, text, scope, stat, className }: MetricValueProps) {
  const m = SPLIT.exec(text);
  return (
    <span
      className={`num ${className ?? ''}`}
      data-metric={metric}
      data-value={Number.isFinite(value) ? String(value) : ''}
      data-scope={scope}
      data-stat={stat}
    >
      {m?.[2] ? (
        <>
          {m[1]}
          <span className="xunit">{m[2]}</span>
        </>
      ) : (
        text
      )}
    </span>
  );
}
