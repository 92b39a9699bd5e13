import { describe, expect, it } from 'vitest';
import { applyFixes, planFixes, typedChars } from '../../../scripts/demo/text-corrections.ts';

describe('planFixes', () => {
  it('replaces only the wrong word, keeping the rest', () => {
    const shown = 'Klientei ir parādi par īri un elektrību.';
    const target = 'Klientei ir parādi par īri un elektrību 3 mēnešu apmērā.';
    const fixes = planFixes(shown, target);
    expect(fixes).toEqual([{ start: 30, end: 40, insert: 'elektrību 3 mēnešu apmērā.' }]);
    expect(applyFixes(shown, fixes)).toBe(target);
  });

  it('finds several separate stretches, deletions and insertions among them', () => {
    const shown = 'Viņa dzīvo vienā un saņem vecuma pensiju pensiju. Kaimiņiene palīdz';
    const target = 'Viņa dzīvo viena un saņem vecuma pensiju. Kaimiņiene ļoti palīdz';
    const fixes = planFixes(shown, target);
    expect(fixes.length).toBe(3);
    expect(applyFixes(shown, fixes)).toBe(target);
    expect(fixes.map((f) => shown.slice(f.start, f.end))).toEqual(['vienā', 'pensiju ', '']);
    expect(typedChars(fixes)).toBe('viena'.length + 'ļoti '.length);
  });

  it('has nothing to fix in an equal text, and types everything into an empty one', () => {
    expect(planFixes('Tas pats.', 'Tas pats.')).toEqual([]);
    expect(planFixes('', 'Jauns teksts.')).toEqual([{ start: 0, end: 0, insert: 'Jauns teksts.' }]);
    expect(planFixes('Lieks.', '')).toEqual([{ start: 0, end: 6, insert: '' }]);
  });
});
