/**
 * One socket's form, for the /ws/asr handler to drive: it feeds the form
 * messages and each final's text in, and sends back what comes out. Drafts
 * are autosaved after every change, so nothing is lost on a reload or a
 * dropped connection; "saglabāt" (or form.save) marks the record saved.
 *
 *   const form = new FormSession({ templates, store, userId: 1, onSaved });
 *   on text frame:  const msg = parseFormClientMessage(json); if (msg) send(...form.handleMessage(msg));
 *   on final:       send(the vosk reply); send(...form.handleFinal(text));   // [] unless form.open was sent
 *   on audio/reply: form.meter?.addAudio(sec) / addProcessing(ms) / addReplyLatency(ms)
 *   on socket end:  form.flush()
 *
 * While a dictation-mode record is open, `meter` collects the recogniser's
 * figures for it; they are added to the stored record at every autosave and
 * save, and when the form is closed, another one opened, or the socket ends.
 */
import type { CorrectionContext } from '../correction/pipeline.ts';
import type { AutoTexts } from './auto-texts.ts';
import { DiktatsError } from '../errors.ts';
import { RecogniserMeter } from '../pilot/recogniser-meter.ts';
import type { FormClientMessage, FormOpen, FormServerMessage } from './form-messages.ts';
import type { FormRecord, FormRecordStore } from './form-record.ts';
import { applyEdit, applyFinal, createFormState, currentIssues, setFocus, type FormState } from './form-state.ts';
import type { TemplateRegistry } from './template-loader.ts';
import type { FieldValue } from './template-schema.ts';
import { requiredIssues, sortIssues } from './written-values.ts';

export interface FormSessionOptions {
  readonly templates: TemplateRegistry;
  readonly store: FormRecordStore;
  readonly userId: number;
  /**
   * Free-text correction: a fixed context, or a function asked at every open and
   * every final, so text is corrected with the corpora active at that moment.
   */
  readonly correction?: CorrectionContext | (() => CorrectionContext | undefined);
  /** the active auto-texts (corpora of kind autotexts), asked at every open and every final */
  readonly autotexts?: () => AutoTexts | undefined;
  /** the streaming session the audio belongs to, stored with the record for the pilot's measurements */
  readonly asrSessionId?: string;
  /** called once a record is saved (the webhook); must not throw */
  readonly onSaved?: (record: FormRecord) => void;
  /** may this socket's user open an existing record? (a clerk: only her own; an admin: any) */
  readonly mayOpen?: (record: FormRecord) => boolean;
  readonly now?: () => Date;
}

export class FormSession {
  private state: FormState | null = null;
  private record: FormRecord | null = null;
  /** values as dictation last set them, before keyboard edits: the pilot's "recognised" */
  private recognised: Record<string, FieldValue> = {};
  /** the open record's recogniser figures not stored yet; null unless a dictation record is open */
  private recogniser: RecogniserMeter | null = null;

  constructor(private readonly opts: FormSessionOptions) {}

  /** Where the socket adds what it measures for the open record; null = nothing to measure (no form, or manual entry). */
  get meter(): RecogniserMeter | null {
    return this.recogniser;
  }

  /**
   * Adds the measured figures to the stored record. Called after each content
   * write; the socket calls it when it ends. A failure to store them must not
   * cost the clerk the form, so it is the caller's to log.
   */
  flush(): void {
    const delta = this.recogniser?.take();
    if (!delta || !this.record) return;
    this.record = this.opts.store.addRecogniserFigures(this.record.id, delta);
  }

  get active(): boolean {
    return this.state !== null;
  }

  get recordId(): number | null {
    return this.record?.id ?? null;
  }

  /** Throws a DiktatsError for an expected failure (no such template or record); the session stays usable. */
  handleMessage(msg: FormClientMessage): FormServerMessage[] {
    switch (msg.type) {
      case 'form.open':
        return [this.open(msg)];
      case 'form.close':
        this.flush();
        this.state = null;
        this.record = null;
        this.recogniser = null;
        return [];
      case 'form.focus':
        if (this.state) this.state = setFocus(this.state, this.knownField(msg.field));
        return [];
      case 'form.edit':
        return this.state ? this.edit(this.knownField(msg.field), msg.value) : [];
      case 'form.save':
        return this.save();
    }
  }

  /** The recogniser's final text; form messages to send after the usual vosk reply. */
  /** Throws a DiktatsError for an expected failure (FORM_ERR_RECORD_FINAL: dictating into a saved record). */
  handleFinal(text: string): FormServerMessage[] {
    if (!this.state || !this.record) return [];
    const wasSaved = this.state.saved;
    const correction = this.correction();
    // The active corpora may have changed since the form was opened: correct with today's.
    const autotexts = this.opts.autotexts?.();
    if (correction !== this.state.context.correction || autotexts !== this.state.context.autotexts) {
      this.state = { ...this.state, context: { ...this.state.context, correction, autotexts } };
    }
    const { state, update } = applyFinal(this.state, text);
    this.state = state;
    const changed = Object.keys(update.fields).length > 0;
    for (const [id, value] of Object.entries(update.fields)) {
      if (value === null) delete this.recognised[id];
      else this.recognised[id] = value;
    }
    if (changed) this.autosave();
    const out: FormServerMessage[] = [{ ...update, record: this.record.id }];
    if (state.saved && !wasSaved) out.push(...this.save());
    return out;
  }

  private correction(): CorrectionContext | undefined {
    const c = this.opts.correction;
    return typeof c === 'function' ? c() : c;
  }

  private now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }

  private open(msg: FormOpen): FormServerMessage {
    const compiled = this.opts.templates.get(msg.form);
    let record: FormRecord;
    if (msg.record !== undefined) {
      const found = this.opts.store.get(msg.record);
      // Another clerk's record answers like a missing one: ids are sequential, existence is not confirmed.
      if (!found || found.form !== msg.form || (this.opts.mayOpen && !this.opts.mayOpen(found))) {
        throw new DiktatsError('FORM_ERR_RECORD_NOT_FOUND', `no ${msg.form} record ${msg.record}`);
      }
      record = found;
    } else {
      record = this.opts.store.create({
        form: msg.form,
        templateVersion: compiled.template.version,
        status: 'draft',
        mode: msg.mode ?? 'dictation',
        userId: this.opts.userId,
        fields: {},
        issues: [],
        asrSessionId: this.opts.asrSessionId ?? null,
        // a first value only: the page reports its own opening time over the timing route
        metrics: { openedAt: this.now() },
      });
    }
    this.flush(); // the figures of the form open until now are that form's
    this.record = record;
    this.recogniser = record.mode === 'dictation' ? new RecogniserMeter() : null;
    this.recognised = { ...(record.recognised ?? {}) };
    this.state = createFormState(compiled, {
      values: record.fields,
      correction: this.correction(),
      autotexts: this.opts.autotexts?.(),
      today: this.opts.now?.(),
    });
    return {
      type: 'form.opened',
      form: msg.form,
      record: record.id,
      status: record.status,
      fields: this.state.values,
      issues: currentIssues(this.state),
      focus: this.state.focus,
    };
  }

  /** A field id from the client must be one of the open template's (the same rule as REST). */
  private knownField(field: string): string {
    const compiled = this.state!.compiled;
    if (!compiled.byId.has(field)) throw new DiktatsError('FORM_ERR_UNKNOWN_FIELD', `${JSON.stringify(field)} in ${compiled.template.id}`);
    return field;
  }

  private edit(field: string, value: FieldValue | null): FormServerMessage[] {
    if (!this.state || !this.record) return [];
    const before = this.state.values[field];
    this.state = applyEdit(this.state, field, value);
    const after = this.state.values[field];
    if (before === after) return [];
    this.autosave();
    return [
      {
        type: 'form.update',
        form: this.state.compiled.template.id,
        seq: this.state.seq,
        fields: { [field]: after ?? null },
        issues: currentIssues(this.state),
        focus: this.state.focus,
        saved: this.record.status === 'saved',
        commands: [],
        record: this.record.id,
      },
    ];
  }

  /**
   * Content, then the recogniser's figures measured since the last write
   * (added to the stored ones). The entry timings (first input, edits,
   * keystrokes, active time) are the page's to report over the timing route;
   * writing them here too overwrote what it had reported (server/pilot/README.md,
   * "Who writes what").
   */
  private autosave(): void {
    const state = this.state!;
    this.record = this.opts.store.update(this.record!.id, {
      fields: state.values,
      issues: currentIssues(state),
      recognised: this.recognised,
    });
    this.flush();
  }

  private save(): FormServerMessage[] {
    if (!this.state || !this.record) return [];
    const issues = sortIssues(this.state.compiled, [...currentIssues(this.state), ...requiredIssues(this.state.compiled, this.state.values)]);
    this.flush(); // first, so that the saved record handed to onSaved carries them
    this.record = this.opts.store.update(this.record.id, {
      status: 'saved',
      fields: this.state.values,
      issues,
      recognised: this.recognised,
    });
    this.opts.onSaved?.(this.record);
    // savedAt lets the page end its active time where the stored wall time ends
    return [{ type: 'form.saved', form: this.record.form, record: this.record.id, status: 'saved', savedAt: this.record.savedAt!, issues }];
  }
}
