/**
 * UI strings, Latvian first. index.html carries the Latvian text itself so the
 * page reads correctly before any script runs; elements with data-i18n (text)
 * or data-i18n-label (aria-label) are re-rendered when the language changes.
 */

const STRINGS = {
  lv: {
    title: 'Diktāts',
    tagline: 'Runas atpazīšana latviešu valodā',
    record: 'Diktēt',
    pushToTalkHint: 'Ctrl+Atstarpe: turiet, lai diktētu; īss spiediens ieslēdz un izslēdz',
    stop: 'Apturēt',
    stopping: 'Pabeidz…',
    clear: 'Notīrīt',
    copy: 'Kopēt tekstu',
    copied: 'Teksts nokopēts.',
    langToggle: 'English',
    langToggleLabel: 'Switch to English',
    transcriptLabel: 'Atpazītais teksts',
    transcriptEmpty: 'Nospiediet “Diktēt” un runājiet. Teksts parādīsies šeit.',
    levelLabel: 'Mikrofona skaļums',
    connectionLabel: 'Savienojuma stāvoklis',
    'state.open': 'Savienots',
    'state.closed': 'Nav savienojuma',
    'state.connecting': 'Savienojas…',
    'state.reconnecting': 'Atjauno savienojumu…',
    'state.loading': 'Modelis ielādējas…',
    'footer.model': 'Modelis: {model}',
    'footer.modelLoading': 'Modelis ielādējas…',
    'footer.offline': 'Serveris nav sasniedzams.',
    'err.micDenied':
      'Mikrofons nav pieejams. Atļaujiet pārlūkam izmantot mikrofonu (ikona adreses joslā) un mēģiniet vēlreiz.',
    'err.micMissing': 'Mikrofons nav atrasts. Pievienojiet mikrofonu un mēģiniet vēlreiz.',
    'err.micBusy': 'Mikrofonu izmanto cita programma. Aizveriet to un mēģiniet vēlreiz.',
    'err.micLost': 'Mikrofons atvienojās. Pievienojiet to un sāciet diktēt vēlreiz.',
    'err.insecure': 'Mikrofons ir pieejams tikai drošā savienojumā (https). Atveriet lapu caur https.',
    'err.audio': 'Neizdevās sākt skaņas ierakstu šajā pārlūkā. Izmantojiet jaunāku Chrome, Edge vai Firefox.',
    'err.unreachable': 'Nav savienojuma ar serveri. Pārbaudiet tīklu un mēģiniet vēlreiz.',
    'err.rejected': 'Serveris pārtrauca savienojumu, jo nevarēja apstrādāt audio. Mēģiniet vēlreiz.',
    'err.notReady': 'Runas atpazīšanas modelis vēl ielādējas. Pagaidiet brīdi un mēģiniet vēlreiz.',
    'err.server': 'Servera kļūda ({code}). Mēģiniet vēlreiz; ja atkārtojas, ziņojiet atbalstam.',
    'err.ASR_ERR_BACKLOG': 'Serveris nepaspēj apstrādāt runu. Daļa teksta var iztrūkt; pagaidiet brīdi.',
    'err.ASR_ERR_NOT_READY': 'Runas atpazīšanas modelis vēl ielādējas. Pagaidiet brīdi un mēģiniet vēlreiz.',
    'err.ASR_ERR_INFERENCE': 'Runas atpazīšana neizdevās. Mēģiniet vēlreiz.',
    'err.AUDIO_ERR_SAMPLE_RATE': 'Serveris nepieņēma audio formātu (nederīga iztveršanas frekvence).',
    'err.AUDIO_ERR_ODD_BYTES': 'Serveris saņēma bojātu audio daļu.',
    'err.AUDIO_ERR_FRAME_TOO_LARGE': 'Audio daļa ir par lielu serverim.',
    'err.STORE_ERR_IO': 'Serveris nevarēja saglabāt ierakstu. Teksts ir redzams, bet var nebūt saglabāts.',
    'notice.dropped': 'Savienojuma pārtraukumā zaudētas {seconds} s ieraksta.',
    'notice.interrupted': 'Savienojums pārtrūka; šis teksts var būt nepilnīgs.',
    rawTitle: 'Atpazīts: {raw}',
    'form.heading': 'Veidlapa',
    'form.template': 'Veidlapas veids',
    'form.none': '— bez veidlapas —',
    'form.new': 'Jauna veidlapa',
    'form.hint': 'Sakiet lauka nosaukumu un vērtību, piemēram, “vārds Jānis”, vai rakstiet laukā. Izmaiņas saglabājas automātiski.',
    'form.requiredNote': 'obligāts lauks',
    'form.target': 'diktē šeit',
    'form.save': 'Saglabāt',
    'form.reopen': 'Labot',
    'form.locked': 'Saglabāta veidlapa ir tikai lasāma. Lai to labotu, nospiediet “Labot”.',
    'form.reopened': 'Veidlapa Nr. {id} atvērta labošanai. Pēc labojumiem nospiediet “Saglabāt”.',
    'form.exportJson': 'Eksportēt JSON',
    'form.exportCsv': 'Eksportēt CSV',
    'form.records': 'Saglabātās un iesāktās veidlapas',
    'form.records.empty': 'Vēl nav nevienas veidlapas.',
    'form.status.draft': 'Melnraksts Nr. {id}',
    'form.status.saved': 'Saglabāta Nr. {id}',
    'form.saved': 'Veidlapa saglabāta.',
    'form.savedWithIssues': 'Veidlapa saglabāta, bet {count} laukos jāpārbauda vērtība vai tā trūkst.',
    'form.restored': 'Atvērts melnraksts Nr. {id}; tas saglabāts serverī.',
    'form.restoredSaved': 'Atvērta saglabātā veidlapa Nr. {id}.',
    'form.placeholder.date': 'DD.MM.GGGG',
    'form.placeholder.personalCode': 'DDMMGG-NNNNN',
    'form.err.offline': 'Nav savienojuma ar serveri; veidlapas izmaiņas saglabāsies, tiklīdz tas atjaunosies.',
    'form.err.server': 'Servera kļūda darbā ar veidlapu ({code}). Ja tā atkārtojas, ziņojiet atbalstam.',
    'form.err.recordGone': 'Veidlapa Nr. {id} serverī nav atrodama.',
    'form.err.unsaved': 'Šīs veidlapas izmaiņas vēl nav saglabātas serverī; citu veidlapu var atvērt, kad savienojums atjaunosies.',
    'form.err.FORM_ERR_TEMPLATE_NOT_FOUND': 'Šāds veidlapas veids serverī vairs nav pieejams.',
    'form.err.FORM_ERR_UNKNOWN_FIELD': 'Veidlapas veids serverī ir mainījies; atveriet veidlapu no jauna.',
    'form.err.FORM_ERR_MESSAGE': 'Serveris nesaprata veidlapas izmaiņu; pārlādējiet lapu.',
    'form.err.FORM_ERR_STATUS': 'Saglabātu veidlapu nevar pārvērst atpakaļ par melnrakstu.',
    'form.err.FORM_ERR_RECORD_FINAL': 'Saglabāta veidlapa ir galīga: izmaiņas netika saglabātas. Lai to labotu, nospiediet “Labot” (to var tās īpašnieks vai administrators) un ierakstiet izmaiņas vēlreiz.',
    'form.mode': 'Ievades veids',
    'form.mode.dictation': 'Diktēšana',
    'form.mode.manual': 'Manuāla ievade',
    'form.manualNoMic': 'Manuālas ievades veidlapu aizpilda ar tastatūru; lai diktētu, izvēlieties “Diktēšana”.',
    'form.err.timing': 'Veidlapa saglabāta, bet tās aizpildīšanas laiku pilota mērījumiem neizdevās nosūtīt ({code}).',
  },
  en: {
    title: 'Diktāts',
    tagline: 'Latvian speech recognition',
    record: 'Dictate',
    pushToTalkHint: 'Ctrl+Space: hold to dictate; a short tap turns it on and off',
    stop: 'Stop',
    stopping: 'Finishing…',
    clear: 'Clear',
    copy: 'Copy text',
    copied: 'Text copied.',
    langToggle: 'Latviski',
    langToggleLabel: 'Pārslēgt uz latviešu valodu',
    transcriptLabel: 'Recognised text',
    transcriptEmpty: 'Press “Dictate” and speak. The text will appear here.',
    levelLabel: 'Microphone level',
    connectionLabel: 'Connection state',
    'state.open': 'Connected',
    'state.closed': 'Not connected',
    'state.connecting': 'Connecting…',
    'state.reconnecting': 'Reconnecting…',
    'state.loading': 'Model loading…',
    'footer.model': 'Model: {model}',
    'footer.modelLoading': 'Model loading…',
    'footer.offline': 'Server unreachable.',
    'err.micDenied': 'Microphone not available. Allow the browser to use the microphone (icon in the address bar) and try again.',
    'err.micMissing': 'No microphone found. Connect one and try again.',
    'err.micBusy': 'Another program is using the microphone. Close it and try again.',
    'err.micLost': 'The microphone was disconnected. Reconnect it and start again.',
    'err.insecure': 'The microphone only works over a secure connection (https). Open the page over https.',
    'err.audio': 'Could not start audio capture in this browser. Use a recent Chrome, Edge or Firefox.',
    'err.unreachable': 'Cannot reach the server. Check the network and try again.',
    'err.rejected': 'The server closed the connection because it could not process the audio. Try again.',
    'err.notReady': 'The speech model is still loading. Wait a moment and try again.',
    'err.server': 'Server error ({code}). Try again; if it persists, tell support.',
    'err.ASR_ERR_BACKLOG': 'The server cannot keep up. Some text may be missing; wait a moment.',
    'err.ASR_ERR_NOT_READY': 'The speech model is still loading. Wait a moment and try again.',
    'err.ASR_ERR_INFERENCE': 'Speech recognition failed. Try again.',
    'err.AUDIO_ERR_SAMPLE_RATE': 'The server rejected the audio format (invalid sample rate).',
    'err.AUDIO_ERR_ODD_BYTES': 'The server received a damaged audio chunk.',
    'err.AUDIO_ERR_FRAME_TOO_LARGE': 'An audio chunk was too large for the server.',
    'err.STORE_ERR_IO': 'The server could not store the recording. The text is shown but may not be saved.',
    'notice.dropped': '{seconds} s of recording lost while the connection was down.',
    'notice.interrupted': 'The connection dropped; this text may be incomplete.',
    rawTitle: 'Recognised: {raw}',
    'form.heading': 'Form',
    'form.template': 'Form type',
    'form.none': '— no form —',
    'form.new': 'New form',
    'form.hint': 'Say a field name and its value, e.g. “vārds Jānis”, or type into a field. Changes are saved automatically.',
    'form.requiredNote': 'required field',
    'form.target': 'dictating here',
    'form.save': 'Save',
    'form.reopen': 'Edit',
    'form.locked': 'A saved form is read-only. Press “Edit” to change it.',
    'form.reopened': 'Form no. {id} is open for editing. Press “Save” when done.',
    'form.exportJson': 'Export JSON',
    'form.exportCsv': 'Export CSV',
    'form.records': 'Saved and unfinished forms',
    'form.records.empty': 'No forms yet.',
    'form.status.draft': 'Draft no. {id}',
    'form.status.saved': 'Saved no. {id}',
    'form.saved': 'Form saved.',
    'form.savedWithIssues': 'Form saved, but {count} fields need checking or are missing.',
    'form.restored': 'Draft no. {id} reopened; it is stored on the server.',
    'form.restoredSaved': 'Saved form no. {id} reopened.',
    'form.placeholder.date': 'DD.MM.YYYY',
    'form.placeholder.personalCode': 'DDMMYY-NNNNN',
    'form.err.offline': 'No connection to the server; form changes will be saved once it is back.',
    'form.err.server': 'Server error with the form ({code}). If it persists, tell support.',
    'form.err.recordGone': 'Form no. {id} was not found on the server.',
    'form.err.unsaved': 'Changes to this form are not on the server yet; another form can be opened once the connection is back.',
    'form.err.FORM_ERR_TEMPLATE_NOT_FOUND': 'This form type is no longer available on the server.',
    'form.err.FORM_ERR_UNKNOWN_FIELD': 'The form type changed on the server; open the form again.',
    'form.err.FORM_ERR_MESSAGE': 'The server did not understand a form change; reload the page.',
    'form.err.FORM_ERR_STATUS': 'A saved form cannot go back to draft.',
    'form.err.FORM_ERR_RECORD_FINAL': 'A saved form is final: the change was not stored. To correct it, press “Edit” (its owner or an admin) and make the change again.',
    'form.mode': 'Entry mode',
    'form.mode.dictation': 'Dictation',
    'form.mode.manual': 'Manual entry',
    'form.manualNoMic': 'A manual-entry form is filled by keyboard; choose “Dictation” to dictate.',
    'form.err.timing': 'The form is saved, but its entry timing for the pilot could not be sent ({code}).',
  },
};

const STORAGE_KEY = 'diktats.lang';
let lang = 'lv';

export function initLanguage() {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved && saved in STRINGS) lang = saved;
  } catch {
    // Storage can be blocked by policy; Latvian stays.
  }
  return lang;
}

export function getLanguage() {
  return lang;
}

export function setLanguage(next) {
  if (!(next in STRINGS)) return;
  lang = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Not fatal: the choice lasts until reload.
  }
}

/** Has a string for this key in the current language (used for server error codes). */
export function has(key) {
  return key in STRINGS[lang];
}

/** Looks a string up and fills {placeholders}; falls back to Latvian, then to the key. */
export function t(key, params = {}) {
  const template = STRINGS[lang][key] ?? STRINGS.lv[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/** Re-renders static text: data-i18n sets textContent, data-i18n-label sets aria-label. */
export function applyTranslations(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}
