/**
 * Puts the form column together: REST client, panel, controller, the record
 * list, downloads, and the draft's last chance on page exit. app.js hands the
 * controller to the dictation socket.
 */
import { createFormApi } from './form-api.js';
import { FormController } from './form-controller.js';
import { readFormLocation, writeFormLocation } from './form-location.js';
import { FormPanel } from './form-panel.js';

/**
 * @param {HTMLElement} root  #form-panel
 * @param {{ baseUrl: string, onModeChange?: () => void }} options  onModeChange: whether dictation is allowed may have changed
 */
export function setupFormPanel(root, { baseUrl, onModeChange = () => {} }) {
  const api = createFormApi({ baseUrl });
  const recordsBox = root.querySelector('#form-records');

  const panel = new FormPanel(root, {
    onPick: (id) => void form.pick(id),
    onNew: () => form.newForm(),
    onInput: (id) => form.onInput(id),
    onCommit: (id) => form.commit(id),
    onFocus: (id) => form.onFocus(id),
    onKey: (id, key) => form.onKey(id, key),
    onActivity: () => form.noteActivity(),
    onMode: (mode) => void form.setMode(mode),
    onSave: () => void form.save(),
    onReopen: () => void form.reopen(),
    onExport: (format) => void download(format),
    onListRecords: () => void refreshRecords(),
    onOpenRecord: (id) => void form.openRecord(id),
  });
  const form = new FormController({
    api,
    panel,
    location: { read: readFormLocation, write: writeFormLocation },
    onSaved: () => {
      if (recordsBox.open) void refreshRecords();
    },
    onModeChange,
  });

  async function refreshRecords() {
    try {
      panel.setRecords(await form.listRecords());
    } catch (error) {
      console.warn('listing form records failed', error);
    }
  }

  /** The server sends the export as an attachment, so following the link keeps the page. */
  async function download(format) {
    const href = await form.exportUrl(format);
    if (!href) return;
    const link = document.createElement('a');
    link.href = href;
    link.download = '';
    document.body.append(link);
    link.click();
    link.remove();
  }

  // Typed text not yet sent goes out with the page, so a reload inside the debounce keeps it;
  // so do a draft's entry timings (keepalive).
  addEventListener('pagehide', () => form.flushOnUnload());

  form
    .loadTemplates()
    .then(() => form.restore())
    // The panel stays hidden and dictation works without forms.
    .catch((error) => console.warn('forms unavailable', error));

  return { form, panel };
}
