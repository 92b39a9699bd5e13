/** Latvian words that carry no field content: hesitations, and the words that make a label word prose. */
import { fold } from './folding.ts';

/** Hesitations the recogniser writes out; they never belong in a field. */
export const FILLERS: ReadonlySet<string> = new Set(['e', 'ee', 'eee', 'ē', 'ēē', 'ēēē', 'hm', 'hmm', 'mm', 'mmm', 'ām', 'ā']);

/**
 * Words after which a label word is grammar, not a field name: "par īri",
 * "klienta adrese" is fine, but "uz adresi", "šīs piezīmes", "ir ienākumi" are prose.
 */
export const PROSE_LEADERS: ReadonlySet<string> = new Set(
  [
    'par', 'uz', 'ar', 'no', 'pie', 'bez', 'pēc', 'līdz', 'pa', 'priekš', 'caur', 'virs', 'zem', 'aiz', 'starp', 'pret',
    'gar', 'ap', 'dēļ', 'un', 'vai', 'kā', 'ka', 'bet', 'ir', 'nav', 'bija', 'būs', 'tā', 'šī', 'šo', 'to', 'tās', 'šīs',
    'tās', 'savu', 'savs', 'sava', 'viņa', 'viņas', 'viņu', 'jūsu', 'mūsu', 'manu', 'mans', 'mana', 'jauns', 'jaunu',
    'jaunā', 'cits', 'citu', 'cita', 'otrs', 'otru', 'kāds', 'kādu', 'kāda', 'katrs', 'katru', 'visi', 'visus',
  ].map(fold),
);
