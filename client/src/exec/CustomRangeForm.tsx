import { type FormEvent, useId, useState } from 'react';
import { MAX_CUSTOM_MS, MIN_CUSTOM_MS } from './execUrl.ts';

/** "2026-11-23T14:05" in the viewer's time zone, as a datetime-local input wants it. */
export function toLocalInput(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Checks a from/to pair typed into the form; returns why it cannot be shown, or null. */
export function customRangeProblem(from: number, to: number): string | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'Enter both a start and an end.';
  if (to - from < MIN_CUSTOM_MS) return 'The end must be at least a minute after the start.';
  if (to - from > MAX_CUSTOM_MS) return 'A custom range can span at most 31 days.';
  return null;
}

interface CustomRangeFormProps {
  from: number;
  to: number;
  onApply: (from: number, to: number) => void;
}

/** From/to in local time; applied ranges go into the URL as RFC 3339 (UTC). */
export function CustomRangeForm({ from, to, onApply }: CustomRangeFormProps) {
  const [a, setA] = useState(toLocalInput(from));
  const [b, setB] = useState(toLocalInput(to));
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = new Date(a).getTime();
    const t = new Date(b).getTime();
    const why = customRangeProblem(f, t);
    setProblem(why);
    if (!why) onApply(f, t);
  };
  return (
    <form className="xcustom" onSubmit={submit} aria-label="Custom time range">
      <label className="xcustom-field" htmlFor={`${id}-from`}>
        <span>From</span>
        <input
          id={`${id}-from`}
          type="datetime-local"
          value={a}
          onChange={(e) => setA(e.target.value)}
          required
        />
      </label>
      <label className="xcustom-field" htmlFor={`${id}-to`}>
        <span>To</span>
        <input
          id={`${id}-to`}
          type="datetime-local"
          value={b}
          onChange={(e) => setB(e.target.value)}
          required
        />
      </label>
      <button type="submit" className="xbtn">
        Show range
      </button>
      {problem ? (
        <p className="xcustom-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
