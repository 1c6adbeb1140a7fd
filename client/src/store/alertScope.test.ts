import type { Alert } from '@gigawatt/shared';
import { describe, expect, it } from 'vitest';
import { alertConcerns, alertHref, isFleetWide } from './alertScope.ts';

const alert = (rule: string, scope: Alert['scope']): Alert => ({
  id: `${rule}:1`,
  rule,
  severity: 'critical',
  scope,
  title: rule,
  value: 1,
  threshold: 0,
  unit: '',
  start: 1,
  state: 'raised',
});

describe('alert scope in the client', () => {
  it('shows fleet-wide alerts (the recorder) on every site page, site alerts on their own', () => {
    const recorder = alert('recorder-failed', {});
    const ohio = alert('power-cap-95', { site: 'ohio' });
    expect(isFleetWide(recorder)).toBe(true);
    expect(isFleetWide(ohio)).toBe(false);
    expect(alertConcerns(recorder, 'texas')).toBe(true);
    expect(alertConcerns(ohio, 'texas')).toBe(false);
    expect(alertConcerns(ohio, new Set(['ohio', 'texas']))).toBe(true);
    expect(alertConcerns(recorder, new Set<string>())).toBe(true);
  });

  it('links a site alert to its site and hall, the recorder’s to the recordings', () => {
    expect(alertHref(alert('rack-inlet-high', { site: 'ohio', hall: 'h11' }))).toMatch(
      /^\/site\/ohio\?.*hall=h11/,
    );
    // The heatmap opens coloured by what went wrong.
    expect(alertHref(alert('rack-inlet-high', { site: 'ohio', hall: 'h11' }))).toContain('color=temp');
    expect(alertHref(alert('coolant-flow-low', { site: 'ohio', hall: 'h10' }))).toBe(
      '/site/ohio?hall=h10&color=coolant',
    );
    expect(alertHref(alert('power-cap-95', { site: 'ohio' }))).toBe('/site/ohio');
    expect(alertHref(alert('recorder-failed', {}))).toBe('/replay');
    expect(alertHref(alert('something-fleet-wide', {}))).toBe('/');
  });
});
