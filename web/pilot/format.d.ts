/** Types for format.js. */
type Num = number | null | undefined;
export function fmtNumber(v: Num, lang: string, digits?: number): string;
export function fmtPercent(v: Num, lang: string, digits?: number): string;
export function fmtDuration(ms: Num): string;
export function fmtFactor(v: Num, lang: string): string;
export function fmtEuro(v: Num, lang: string): string;
