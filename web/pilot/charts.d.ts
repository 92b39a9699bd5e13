/** Types for charts.js (plain JS so browsers load it without a build step). */
export interface ChartNode {
  tag: string;
  attrs: Record<string, string | number>;
  children: (ChartNode | string)[];
}
export interface Summary {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}
export function ticks(max: number, count?: number): number[];
export function timeTicks(maxMs: number, count?: number): number[];
export function scale(domainMax: number, x0: number, x1: number): (v: number) => number;
export function boxPlot(
  rows: { label: string; cls: string; summary: Summary | null }[],
  o: { axisLabel: string; format: (v: number) => string; title: string; medianLabel: string; ticks?: (max: number, count?: number) => number[] },
): ChartNode;
export function histogram(
  h: { start: number; width: number; counts: Record<string, number[]> },
  series: { key: string; label: string; cls: string }[],
  o: { axisLabel: string; format: (v: number) => string; title: string; countLabel: string; ticks?: (max: number, count?: number) => number[] },
): ChartNode;
export function forestPlot(
  rows: { label: string; factor: number | null; lower: number | null; upper: number | null; n: string }[],
  o: { title: string; format: (v: number) => string; axisLabel: string; target?: number; parityLabel: string; targetLabel: string },
): ChartNode;
