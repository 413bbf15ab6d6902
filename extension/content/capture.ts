/**
 * Capture of what pupils type, for the keyword engine. Text is handed to the service worker
 * at natural pauses (1 s idle, leaving a field, Enter, submitting a form), never per
 * keystroke, and only when it changed; the worker keeps only matches, never the text.
 * Password fields are never read. Inputs inside open shadow roots are found through the
 * event's composed path; same-origin editor iframes (about:blank/srcdoc) run their own copy
 * of this script (manifest: all_frames + match_about_blank).
 */
type Source = 'input' | 'editor' | 'search' | 'form';
export type SendText = (text: string, source: Source) => void;

const IDLE_MS = 1_000;
const MAX_TEXT = 20_000;
const TEXT_TYPES = new Set(['', 'text', 'search', 'email', 'url', 'tel']);

/** The element the event really happened in (inside open shadow roots too). */
const origin = (ev: Event): EventTarget | null => ev.composedPath()[0] ?? ev.target;

function editableRoot(node: EventTarget | null): HTMLElement | null {
  if (!(node instanceof HTMLElement)) return null;
  if (node instanceof HTMLInputElement) return TEXT_TYPES.has(node.type) ? node : null;
  if (node instanceof HTMLTextAreaElement) return node;
  if (node.isContentEditable) {
    let root: HTMLElement = node;
    while (root.parentElement?.isContentEditable) root = root.parentElement;
    return root;
  }
  return null;
}

function textOf(el: HTMLElement): string {
  const raw = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : el.innerText;
  // Long documents: the end is where the pupil is typing.
  return raw.length > MAX_TEXT ? raw.slice(-MAX_TEXT) : raw;
}

function sourceOf(el: HTMLElement): Source {
  if (el instanceof HTMLInputElement && (el.type === 'search' || /^(q|query|search|p|text)$/i.test(el.name) || el.getAttribute('role') === 'searchbox')) return 'search';
  return el.isContentEditable ? 'editor' : 'input';
}

export function startCapture(doc: Document, send: SendText): () => void {
  const lastSent = new WeakMap<HTMLElement, string>();
  const timers = new WeakMap<HTMLElement, ReturnType<typeof setTimeout>>();

  const flush = (el: HTMLElement, source: Source = sourceOf(el)) => {
    const t = timers.get(el);
    if (t) clearTimeout(t);
    timers.delete(el);
    const text = textOf(el);
    if (!text.trim() || lastSent.get(el) === text) return;
    lastSent.set(el, text);
    send(text, source);
  };

  const onInput = (ev: Event) => {
    const el = editableRoot(origin(ev));
    if (!el) return;
    const t = timers.get(el);
    if (t) clearTimeout(t);
    timers.set(el, setTimeout(() => flush(el), IDLE_MS));
  };
  const onBlur = (ev: Event) => {
    const el = editableRoot(origin(ev));
    if (el) flush(el);
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.key !== 'Enter') return;
    const el = editableRoot(origin(ev));
    if (el instanceof HTMLInputElement) flush(el);
  };
  const onSubmit = (ev: Event) => {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    for (const el of Array.from(form.elements)) {
      const root = editableRoot(el);
      if (root) flush(root, sourceOf(root) === 'search' ? 'search' : 'form');
    }
  };

  doc.addEventListener('input', onInput, true);
  doc.addEventListener('focusout', onBlur, true);
  doc.addEventListener('keydown', onKey, true);
  doc.addEventListener('submit', onSubmit, true);
  return () => {
    doc.removeEventListener('input', onInput, true);
    doc.removeEventListener('focusout', onBlur, true);
    doc.removeEventListener('keydown', onKey, true);
    doc.removeEventListener('submit', onSubmit, true);
  };
}
