/** Types for form-socket-route.js (plain JS so browsers load it without a build step). */
import type { FormSocketLike } from './form-controller.js';
import type { FieldValue, FormClientMessage, FormServerEvent } from './ws-client.js';

type EventOf<T extends FormServerEvent['type']> = Extract<FormServerEvent, { type: T }>;

export interface FormSocketRouteOptions {
  /** the open form as it is now */
  form: () => { template: { id: string } | null; record: { id: number | null }; mode: string };
  /** the field the keyboard is in */
  focusedField: () => string | null;
  /** a message for the open record, past the guards */
  events: {
    opened(message: EventOf<'form.opened'>, awaitingEcho: (fieldId: string) => boolean): void;
    /** takeEcho: true, once, for the echo of the clerk's own edit */
    updated(message: EventOf<'form.update'>, takeEcho: (fieldId: string) => boolean): void;
    saved(message: EventOf<'form.saved'>): void;
  };
}

export declare class FormSocketRoute {
  constructor(options: FormSocketRouteOptions);
  readonly client: FormSocketLike | null;
  /** a dictation runs: form messages go over its socket */
  readonly active: boolean;
  attach(client: FormSocketLike): void;
  /** its form.edit messages that never left; null if `client` was not attached */
  detach(client: FormSocketLike): Extract<FormClientMessage, { type: 'form.edit' }>[] | null;
  forgetEchoes(): void;
  greeting(): FormClientMessage[];
  sendOpen(): void;
  sendEdit(fieldId: string, value: FieldValue | null): boolean;
  sendFocus(fieldId: string): boolean;
  sendSave(): boolean;
  sendClose(): void;
  onServerMessage(message: FormServerEvent): void;
}
