import { ApiError, putFile, recentImages, requestUpload, setToken, waitForResult } from './api.js';
import { formatBytes, formatDimensions, formatDuration, formatShare } from './format.js';

const $ = (selector, root = document) => root.querySelector(selector);

const input = $('#file');
const drop = $('#drop');
const list = $('#uploads');
const empty = $('#empty');
const tokenForm = $('#token-form');
const announcer = $('#announce');

/** Uploads waiting for a token, started again once it is given. */
const waitingForToken = [];

function announce(text) {
  announcer.textContent = '';
  // A fresh text node is read out even when the sentence repeats.
  requestAnimationFrame(() => { announcer.textContent = text; });
}

/** One chosen file, from preview to renditions. */
class Upload {
  constructor(file) {
    this.file = file;
    this.card = $('#upload-card').content.firstElementChild.cloneNode(true);
    this.badge = $('.badge', this.card);
    this.progress = $('.progress', this.card);
    this.message = $('.message', this.card);
    this.actions = $('.actions', this.card);
    this.timing = $('.timing', this.card);
    this.images = $('.images', this.card);
    $('.name', this.card).textContent = file.name;
    this.progress.setAttribute('aria-label', `Upload progress of ${file.name}`);
    $('.retry', this.card).addEventListener('click', () => this.start());
    $('.original .bytes', this.card).textContent = formatBytes(file.size);
    list.prepend(this.card);
    empty.hidden = true;
  }

  setState(state, badge) {
    this.card.dataset.state = state;
    this.badge.textContent = badge;
  }

  showMessage(text, kind) {
    this.message.textContent = text;
    this.message.className = `message ${kind}`;
    this.message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    this.message.hidden = false;
  }

  async preview() {
    const image = $('.original img', this.card);
    try {
      const bitmap = await createImageBitmap(this.file);
      $('.original .dims', this.card).textContent = formatDimensions(bitmap.width, bitmap.height);
      bitmap.close();
      image.src = URL.createObjectURL(this.file);
      image.alt = `Preview of ${this.file.name}`;
      image.hidden = false;
    } catch (e) {
      const none = $('.original .no-preview', this.card);
      none.textContent = 'No preview: your browser cannot show this file as an image.';
      none.hidden = false;
    }
  }

  async start() {
    this.actions.hidden = true;
    this.message.hidden = true;
    this.timing.hidden = true;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.setState('signing', 'Preparing…');
    let upload;
    try {
      upload = await requestUpload(this.file);
    } catch (e) {
      return this.fail(e, 'The upload could not start');
    }
    this.card.dataset.key = upload.key;
    this.setState('uploading', 'Uploading 0%');
    const started = performance.now();
    try {
      await putFile(upload, this.file, (share) => {
        const percent = Math.round(share * 100);
        this.progress.value = percent;
        this.badge.textContent = `Uploading ${percent}%`;
      });
    } catch (e) {
      return this.fail(e, 'The upload failed', true);
    }
    const uploaded = performance.now();
    this.setState('processing', 'Processing…');
    this.progress.removeAttribute('value'); // indeterminate while the service works
    announce(`${this.file.name} uploaded, processing.`);
    let result;
    try {
      result = await waitForResult(upload.statusUrl);
    } catch (e) {
      return this.fail(e, 'The result could not be fetched', true);
    }
    this.progress.hidden = true;
    if (result === null) {
      this.setState('slow', 'Still processing');
      this.showMessage('This is taking longer than usual. The image is in the bucket and will be processed; check the gallery later.', 'info');
      return;
    }
    const done = performance.now();
    if (result.status === 'rejected') {
      this.setState('rejected', 'Rejected');
      this.showMessage(result.error.explanation, 'error');
      const code = document.createElement('code');
      code.textContent = result.error.reason;
      this.message.append(' ');
      this.message.append(code);
      announce(`${this.file.name} was rejected. ${result.error.explanation}`);
    } else {
      this.showResult(result);
      this.setState('ready', `Ready in ${formatDuration(done - started)}`);
      this.timing.textContent = `End to end ${formatDuration(done - started)}: upload ${formatDuration(uploaded - started)}, `
        + `then processing and delivery ${formatDuration(done - uploaded)}`
        + (result.timings ? ` (decode ${result.timings.decodeMs} ms, resize ${result.timings.resizeMs} ms, encode ${result.timings.encodeMs} ms)` : '')
        + '.';
      this.timing.hidden = false;
      announce(`${this.file.name} is ready: ${result.renditions.length} renditions.`);
    }
    refreshGallery();
  }

  showResult(result) {
    const source = result.source;
    const original = $('.original', this.card);
    $('.dims', original).textContent = formatDimensions(source.width, source.height);
    $('.bytes', original).textContent = formatBytes(source.bytes);
    for (const rendition of result.renditions) {
      const figure = $('#rendition-figure').content.firstElementChild.cloneNode(true);
      figure.dataset.rendition = rendition.name;
      const image = $('img', figure);
      image.src = rendition.url;
      image.width = rendition.width;
      image.height = rendition.height;
      image.alt = `${rendition.name} rendition of ${this.file.name}, ${rendition.width} by ${rendition.height} pixels`;
      $('.rendition-name', figure).textContent = rendition.name;
      $('.dims', figure).textContent = formatDimensions(rendition.width, rendition.height);
      $('.bytes', figure).textContent = formatBytes(rendition.bytes);
      $('.share', figure).textContent = formatShare(rendition.bytes, source.bytes);
      this.images.append(figure);
    }
  }

  fail(error, what, retry = false) {
    this.progress.hidden = true;
    if (error instanceof ApiError && error.status === 401) {
      this.setState('waiting', 'Needs a token');
      this.showMessage('This server asks for an API token before it accepts uploads.', 'info');
      waitingForToken.push(this);
      tokenForm.hidden = false;
      $('#token').focus();
      return;
    }
    const canRetry = retry || (error instanceof ApiError && error.retryable);
    this.setState('failed', canRetry ? 'Failed' : 'Refused');
    this.showMessage(`${what}: ${error.message}`, 'error');
    this.actions.hidden = !canRetry;
    announce(`${this.file.name}: ${what.toLowerCase()}. ${error.message}`);
  }
}

function addFiles(files) {
  for (const file of files) {
    const upload = new Upload(file);
    upload.preview().finally(() => upload.start());
  }
}

input.addEventListener('change', () => {
  addFiles([...input.files]);
  input.value = '';
});

for (const type of ['dragenter', 'dragover']) {
  drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
}
for (const type of ['dragleave', 'drop']) {
  drop.addEventListener(type, () => drop.classList.remove('over'));
}
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  addFiles([...e.dataTransfer.files]);
});

tokenForm.addEventListener('submit', (e) => {
  e.preventDefault();
  setToken($('#token').value.trim());
  tokenForm.hidden = true;
  for (const upload of waitingForToken.splice(0)) upload.start();
  refreshGallery();
});

async function refreshGallery() {
  const gallery = $('#gallery');
  const status = $('#gallery-status');
  let answer;
  try {
    answer = await recentImages();
  } catch (e) {
    status.textContent = e.status === 401 ? 'The gallery needs the API token.' : `The gallery could not be loaded: ${e.message}`;
    return;
  }
  gallery.replaceChildren();
  status.textContent = answer.images.length === 0 ? 'No uploads yet.' : '';
  for (const image of answer.images) {
    const item = document.createElement('li');
    item.className = 'tile';
    item.dataset.state = image.status;
    const name = image.key.split('/').pop();
    if (image.thumbnail) {
      const img = document.createElement('img');
      img.src = image.thumbnail.url;
      img.alt = name;
      img.loading = 'lazy';
      item.append(img);
    } else {
      const placeholder = document.createElement('span');
      placeholder.className = 'tile-rejected';
      placeholder.textContent = 'Rejected';
      item.append(placeholder);
    }
    const caption = document.createElement('p');
    caption.className = 'tile-caption';
    const strong = document.createElement('strong');
    strong.textContent = name;
    caption.append(strong, document.createElement('br'));
    caption.append(image.status === 'rejected'
      ? image.error.reason.replace(/_/g, ' ')
      : `${formatDimensions(image.width, image.height)} · ${formatBytes(image.bytes)}`);
    if (image.status === 'rejected') item.title = image.error.explanation;
    item.append(caption);
    gallery.append(item);
  }
}

$('#refresh').addEventListener('click', refreshGallery);
refreshGallery();
