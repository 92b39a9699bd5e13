/**
 * Page wiring: microphone -> AudioWorklet (16 kHz PCM) -> AsrClient -> transcript,
 * and the form beside it (form-controller.js). Capture, protocol and form logic
 * live in their modules; this file only connects them to the DOM.
 *
 * (Over 350 lines: the page's DOM wiring for capture, transcript and health in one place; the
 * logic it wires lives in the imported modules.)
 */
import { AsrClient } from './ws-client.js';
import { applyTranslations, getLanguage, has, initLanguage, setLanguage, t } from './i18n.js';
import { setupFormPanel } from './form-page.js';
import { PushToTalk } from './push-to-talk.js';

const TARGET_SAMPLE_RATE = 16000;
const HEALTH_POLL_MS = { ok: 15000, loading: 2000, offline: 5000 };
const FLUSH_TIMEOUT_MS = 500;

const $ = (id) => document.getElementById(id);
const ui = {
  record: $('record'),
  recordLabel: $('record-label'),
  level: $('level'),
  copy: $('copy'),
  clear: $('clear'),
  error: $('error'),
  notice: $('notice'),
  transcript: $('transcript'),
  placeholder: $('placeholder'),
  finals: $('finals'),
  partial: $('partial'),
  connection: $('connection'),
  connectionText: $('connection-text'),
  modelInfo: $('model-info'),
  langToggle: $('lang-toggle'),
};

/** 'idle' | 'starting' | 'recording' | 'stopping' */
let phase = 'idle';
/** @type {{ client: AsrClient, capture: Capture | null } | null} */
let session = null;
let connectionState = 'closed';
/** Last /healthz answer: { reachable, ready, model } */
let health = { reachable: false, ready: false, model: '' };
let healthTimer = null;
/** Code of the server error on screen, if any: a following close should not replace it. */
let serverErrorCode = null;

// ---------------------------------------------------------------- rendering

function render() {
  const busy = phase === 'starting' || phase === 'stopping';
  // A manual-entry form is the pilot's baseline: typed by hand, never dictated.
  const manualForm = phase === 'idle' && !form.dictationAllowed();
  ui.record.disabled = busy || manualForm;
  ui.record.title = manualForm ? t('form.manualNoMic') : t('pushToTalkHint');
  ui.record.classList.toggle('recording', phase === 'recording');
  ui.record.setAttribute('aria-pressed', String(phase === 'recording'));
  ui.recordLabel.textContent = t(phase === 'recording' ? 'stop' : phase === 'stopping' ? 'stopping' : 'record');
  renderConnection();
  renderFooter();
  ui.placeholder.hidden = ui.finals.childElementCount > 0 || ui.partial.textContent !== '';
}

function renderConnection() {
  // While dictating the socket is the truth; otherwise the last health check.
  let state = connectionState;
  if (!session) state = !health.reachable ? 'closed' : health.ready ? 'open' : 'loading';
  ui.connection.dataset.state = state;
  ui.connectionText.textContent = t(`state.${state}`);
}

function renderFooter() {
  ui.modelInfo.textContent = !health.reachable
    ? t('footer.offline')
    : health.ready
      ? t('footer.model', { model: health.model || '?' })
      : t('footer.modelLoading');
}

function showError(message, { serverCode = null } = {}) {
  ui.error.textContent = message;
  ui.error.hidden = false;
  serverErrorCode = serverCode;
}

function clearMessages() {
  ui.error.hidden = true;
  ui.error.textContent = '';
  ui.notice.hidden = true;
  ui.notice.textContent = '';
  serverErrorCode = null;
}

function showNotice(message) {
  ui.notice.textContent = message;
  ui.notice.hidden = false;
}

/** `raw`: the recogniser's spoken form, shown on hover when the text is the corrected written form. */
function appendFinal(text, { interrupted = false, raw = null } = {}) {
  if (!text) return;
  const span = document.createElement('span');
  span.className = interrupted ? 'final interrupted' : 'final';
  span.textContent = text;
  if (interrupted) span.title = t('notice.interrupted');
  else if (raw !== null) {
    span.dataset.raw = raw;
    span.title = t('rawTitle', { raw });
  }
  ui.finals.append(span, ' ');
  scrollToEnd();
}

function setPartial(text) {
  // An empty partial only clears the grey line; finals live in their own element.
  ui.partial.textContent = text;
  ui.placeholder.hidden = ui.finals.childElementCount > 0 || text !== '';
  scrollToEnd();
}

/** Keeps a partial that will never get its final (connection lost) as text the clerk can check. */
function promotePartial() {
  const text = ui.partial.textContent.trim();
  setPartial('');
  appendFinal(text, { interrupted: true });
}

function scrollToEnd() {
  ui.transcript.scrollTop = ui.transcript.scrollHeight;
}

/** "7,3" in Latvian, "7.3" in English. */
function formatSeconds(ms) {
  return new Intl.NumberFormat(getLanguage(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000);
}

/** RMS (0..1) to a meter value on a -60..0 dBFS scale, which matches how loud speech looks. */
function levelToMeter(rms) {
  const db = 20 * Math.log10(Math.max(rms, 1e-6));
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

// ------------------------------------------------------------------ capture

/**
 * @typedef {{ context: AudioContext, stream: MediaStream, node: AudioWorkletNode }} Capture
 */

/** Maps getUserMedia's DOMException names to what the clerk can do about it. */
function micErrorKey(error) {
  switch (error?.name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'err.micMissing';
    case 'NotReadableError':
    case 'AbortError':
      return 'err.micBusy';
    default:
      return 'err.micDenied'; // NotAllowedError, SecurityError and anything unexpected
  }
}

/** @returns {Promise<Capture>} */
async function startCapture(onAudio, onLevel, onEnded) {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
  });
  // Fires when the device goes away (unplugged headset), not when we stop the track ourselves.
  for (const track of stream.getAudioTracks()) track.addEventListener('ended', onEnded, { once: true });
  let context;
  try {
    // The context runs at the device rate (often 48 kHz); the worklet resamples.
    context = new AudioContext();
    await context.audioWorklet.addModule(new URL('mic-worklet.js', import.meta.url));
    const node = new AudioWorkletNode(context, 'diktats-mic', {
      numberOfInputs: 1,
      // No outputs: Chromium pulls such nodes itself, so nothing reaches the speakers.
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
      processorOptions: { targetSampleRate: TARGET_SAMPLE_RATE },
    });
    node.port.onmessage = ({ data }) => {
      if (data.type === 'audio') onAudio(data.pcm);
      else if (data.type === 'level') onLevel(data.rms);
    };
    context.createMediaStreamSource(stream).connect(node);
    await context.resume();
    return { context, stream, node };
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    context?.close();
    throw Object.assign(new Error('audio pipeline failed', { cause: error }), { name: 'AudioPipelineError' });
  }
}

/** Sends the worklet's partial batch, then releases the microphone. */
async function stopCapture(capture) {
  const { context, stream, node } = capture;
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
    node.port.addEventListener('message', ({ data }) => {
      if (data.type === 'flushed') {
        clearTimeout(timer);
        resolve();
      }
    });
    node.port.postMessage({ type: 'flush' });
  });
  for (const track of stream.getTracks()) track.stop();
  node.port.onmessage = null;
  await context.close();
}

// ------------------------------------------------------------------ dictation

function socketUrl() {
  const url = new URL('ws/asr', document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

function onClientEvent(event) {
  switch (event.type) {
    case 'state':
      if (event.state === 'reconnecting' && connectionState === 'open') promotePartial();
      // The server closes with 1013 while its model loads; once a retry gets in, that is history.
      if (event.state === 'open' && serverErrorCode === 'ASR_ERR_NOT_READY') clearMessages();
      connectionState = event.state;
      render();
      break;
    case 'partial':
      setPartial(event.text);
      if (event.text) form.noteActivity();
      break;
    case 'final':
      setPartial('');
      form.noteActivity();
      if (event.utterances) for (const u of event.utterances) appendFinal(u.corrected || u.raw, { raw: u.raw });
      else appendFinal(event.text);
      break;
    case 'form.opened':
    case 'form.update':
    case 'form.saved':
      form.onServerMessage(event);
      break;
    case 'server-error': {
      if (form.onServerError(event.code)) break;
      const key = `err.${event.code}`;
      showError(has(key) ? t(key) : t('err.server', { code: event.code }), { serverCode: event.code });
      break;
    }
    case 'dropped':
      showNotice(t('notice.dropped', { seconds: formatSeconds(event.droppedMs) }));
      break;
    case 'failed':
      // The server's own reason (e.g. model still loading) says more than "connection lost".
      if (serverErrorCode === null) showError(t(event.reason === 'rejected' ? 'err.rejected' : 'err.unreachable'));
      promotePartial();
      void endDictation({ sendEof: false });
      break;
  }
}

async function startDictation() {
  clearMessages();
  if (!navigator.mediaDevices?.getUserMedia) {
    showError(t(window.isSecureContext ? 'err.audio' : 'err.insecure'));
    return;
  }
  phase = 'starting';
  stopHealthPolling();
  render();
  // The socket reopens the form's record; every typed change must be stored before it reads it.
  await form.beforeDictation();
  const client = new AsrClient({
    url: socketUrl(),
    sampleRate: TARGET_SAMPLE_RATE,
    onEvent: onClientEvent,
    greeting: () => form.greeting(),
  });
  const current = { client, capture: null };
  session = current;
  render();
  try {
    current.capture = await startCapture(
      (pcm) => client.sendAudio(pcm),
      (rms) => {
        ui.level.value = levelToMeter(rms);
      },
      () => {
        if (session !== current || phase !== 'recording') return;
        showError(t('err.micLost'));
        void endDictation({ sendEof: true });
      },
    );
  } catch (error) {
    let key = micErrorKey(error);
    if (error?.name === 'AudioPipelineError') {
      // The worklet module comes from the server: if that is down, say so, not "old browser".
      await checkHealth();
      key = health.reachable ? 'err.audio' : 'err.unreachable';
      if (health.reachable) console.error(error);
    }
    session = null;
    phase = 'idle';
    showError(t(key));
    render();
    startHealthPolling(0);
    return;
  }
  // The socket opens after the microphone is granted; audio queues meanwhile.
  client.start();
  form.attach(client);
  phase = 'recording';
  render();
}

/**
 * Stops capture and the connection. With sendEof the last audio is recognised
 * and its final shown before the session ends.
 */
async function endDictation({ sendEof }) {
  const current = session;
  if (!current || phase === 'stopping') return;
  phase = 'stopping';
  render();
  if (current.capture) await stopCapture(current.capture).catch(() => {});
  if (sendEof) await current.client.end();
  else current.client.abort();
  void form.detach(current.client);
  // A partial still showing never got its final (timeout); keep it visibly unconfirmed.
  promotePartial();
  ui.level.value = 0;
  session = null;
  phase = 'idle';
  connectionState = 'closed';
  render();
  startHealthPolling(0);
}

// ------------------------------------------------------------------ health

async function checkHealth() {
  try {
    const res = await fetch(new URL('healthz', document.baseURI), {
      cache: 'no-store',
      signal: AbortSignal.timeout(4000),
    });
    const body = await res.json();
    health = { reachable: true, ready: body.ready === true, model: String(body.model ?? '') };
  } catch {
    health = { reachable: false, ready: false, model: health.model };
  }
}

function startHealthPolling(delayMs) {
  stopHealthPolling();
  healthTimer = setTimeout(async () => {
    await checkHealth();
    if (session) return; // dictation started meanwhile; the socket reports state now
    render();
    const next = !health.reachable ? HEALTH_POLL_MS.offline : health.ready ? HEALTH_POLL_MS.ok : HEALTH_POLL_MS.loading;
    startHealthPolling(next);
  }, delayMs);
}

function stopHealthPolling() {
  if (healthTimer !== null) clearTimeout(healthTimer);
  healthTimer = null;
}

// ------------------------------------------------------------------ controls

ui.record.addEventListener('click', () => {
  form.noteActivity();
  if (phase === 'idle') void startDictation();
  else if (phase === 'recording') void endDictation({ sendEof: true });
});

// Push-to-talk: hold Ctrl+Space to dictate (a short tap latches it on), from any field of the page.
const pushToTalk = new PushToTalk({
  isActive: () => phase === 'recording' || phase === 'starting',
  start: () => {
    if (phase !== 'idle' || ui.record.disabled) return;
    form.noteActivity();
    void startDictation();
  },
  stop: () => {
    if (phase === 'recording') void endDictation({ sendEof: true });
  },
});
document.addEventListener('keydown', (e) => {
  if (pushToTalk.keydown(e)) e.preventDefault();
});
document.addEventListener('keyup', (e) => {
  if (pushToTalk.keyup(e)) e.preventDefault();
});
window.addEventListener('blur', () => pushToTalk.blur());

ui.clear.addEventListener('click', () => {
  ui.finals.replaceChildren();
  setPartial('');
  clearMessages();
});

ui.copy.addEventListener('click', async () => {
  const text = ui.finals.textContent.replace(/\s+/g, ' ').trim();
  try {
    await navigator.clipboard.writeText(text);
    showNotice(t('copied'));
  } catch {
    // Clipboard blocked: select the text so Ctrl+C works.
    getSelection()?.selectAllChildren(ui.finals);
  }
});

ui.langToggle.addEventListener('click', () => {
  setLanguage(getLanguage() === 'lv' ? 'en' : 'lv');
  applyTranslations();
  ui.langToggle.lang = getLanguage() === 'lv' ? 'en' : 'lv';
  panel.retranslate();
  render();
});

// ------------------------------------------------------------------ form

const { form, panel } = setupFormPanel($('form-panel'), { baseUrl: document.baseURI, onModeChange: () => render() });

initLanguage();
if (getLanguage() !== 'lv') {
  applyTranslations();
  ui.langToggle.lang = 'lv';
}
render();
startHealthPolling(0);
