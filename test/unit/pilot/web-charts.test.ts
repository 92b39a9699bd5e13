/** The researcher page's pure chart layouts and formatting (web/pilot), in Node. */
import { describe, expect, it } from 'vitest';
import { boxPlot, forestPlot, histogram, scale, ticks, timeTicks, type ChartNode } from '../../../web/pilot/charts.js';
import { fmtDuration, fmtFactor, fmtPercent } from '../../../web/pilot/format.js';

const all = (n: ChartNode | string): ChartNode[] => (typeof n === 'string' ? [] : [n, ...n.children.flatMap(all)]);
const byClass = (n: ChartNode, cls: string) => all(n).filter((x) => String(x.attrs['class'] ?? '').split(' ').includes(cls));
const fmt = (v: number) => String(v);

describe('ticks and scale', () => {
  it('covers the maximum with 1-2-5 steps', () => {
    expect(ticks(9)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(600_000)).toEqual([0, 200_000, 400_000, 600_000]);
    // time axes count in minutes: 10 min / 5 → 2 min steps
    expect(timeTicks(600_000)).toEqual([0, 120_000, 240_000, 360_000, 480_000, 600_000]);
    expect(timeTicks(130_000)).toEqual([0, 30_000, 60_000, 90_000, 120_000, 150_000]);
    expect(ticks(0)).toEqual([0, 1]);
    expect(scale(10, 100, 200)(5)).toBe(150);
  });
});

describe('boxPlot', () => {
  const chart = boxPlot(
    [
      { label: 'D', cls: 'dictation', summary: { n: 3, min: 100, q1: 125, median: 150, q3: 175, max: 200 } },
      { label: 'M', cls: 'manual', summary: null },
    ],
    { axisLabel: 'laiks', format: fmt, title: 'T', medianLabel: 'mediāna' },
  );
  it('draws the box from q1 to q3 and the median inside it, on the axis scale', () => {
    // axis 0..200 over x 110..620: 1 unit = 2.55 px
    const [box] = byClass(chart, 'box');
    expect(Number(box!.attrs['x'])).toBeCloseTo(110 + 125 * 2.55, 6);
    expect(Number(box!.attrs['width'])).toBeCloseTo(50 * 2.55, 6);
    const [median] = byClass(chart, 'median');
    expect(Number(median!.attrs['x1'])).toBeCloseTo(110 + 150 * 2.55, 6);
    expect(chart.attrs['aria-label']).toBe('T');
  });
  it('marks a mode without data', () => {
    expect(byClass(chart, 'no-data')).toHaveLength(1);
  });
});

describe('histogram', () => {
  it('draws one bar per bin and series, heights proportional to counts', () => {
    const chart = histogram({ start: 0, width: 10, counts: { dictation: [2, 4, 0], manual: [1, 0, 3] } }, [
      { key: 'dictation', label: 'D', cls: 'dictation' },
      { key: 'manual', label: 'M', cls: 'manual' },
    ], { axisLabel: 'x', format: fmt, title: 'H', countLabel: 'n' });
    const bars = byClass(chart, 'bar');
    expect(bars).toHaveLength(6);
    const heights = bars.map((b) => Number(b.attrs['height']));
    expect(heights[1]! / heights[0]!).toBeCloseTo(2, 9);
    expect(heights[2]).toBe(0);
    expect(heights[5]! / heights[3]!).toBeCloseTo(3, 9);
  });
});

describe('forestPlot', () => {
  it('puts the point at the factor, the interval around it, and lines at 1× and the target', () => {
    const chart = forestPlot(
      [
        { label: 'Kopā', factor: 3, lower: 2.5, upper: 3.6, n: 'n' },
        { label: 'x', factor: null, lower: null, upper: null, n: 'n' },
      ],
      { title: 'F', format: fmt, axisLabel: 'a', parityLabel: '1×', targetLabel: '3×' },
    );
    const [point] = byClass(chart, 'point');
    const ci = byClass(chart, 'ci');
    expect(Number(ci[0]!.attrs['x1'])).toBeLessThan(Number(point!.attrs['cx']));
    expect(Number(ci[0]!.attrs['x2'])).toBeGreaterThan(Number(point!.attrs['cx']));
    const [target] = byClass(chart, 'target-line');
    expect(Number(target!.attrs['x1'])).toBeCloseTo(Number(point!.attrs['cx']), 9);
    expect(byClass(chart, 'ref-line')).toHaveLength(1);
    expect(byClass(chart, 'no-data')).toHaveLength(1);
  });
});

describe('format', () => {
  it('writes Latvian numbers with a decimal comma and times as m:ss', () => {
    expect(fmtDuration(245_400)).toBe('4:05');
    expect(fmtDuration(null)).toBe('—');
    expect(fmtFactor(2.94, 'lv')).toBe('2,94×');
    expect(fmtFactor(2.94, 'en')).toBe('2.94×');
    expect(fmtPercent(0.0523, 'lv')).toBe('5,2 %');
  });
});
