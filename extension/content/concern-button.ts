/**
 * "Report a concern": a small, always-visible button in the corner of every page (top frame
 * only), in a closed shadow root so the page can neither restyle, read nor press it. It opens
 * a short form: an optional message and an optional picture of the page. The picture is
 * taken by the service worker (captureVisibleTab) after this panel has been hidden.
 *
 * Keyboard: the message box takes focus; Tab reaches "Send a picture", Send and Cancel;
 * Escape closes.
 */
export interface ConcernSender {
  send(report: { message?: string; screenshot: boolean }): Promise<boolean>;
  schoolName(): Promise<string | undefined>;
}

const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.btn { position: fixed; left: 14px; bottom: 14px; z-index: 2147483647; display: flex; align-items: center; gap: 6px;
  padding: 7px 12px 7px 9px; border: 2px solid #fff; border-radius: 999px; background: #1f3a68; color: #fff;
  font-size: 13px; font-weight: 600; line-height: 1; cursor: pointer; opacity: .88; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
.btn:hover, .btn:focus-visible { opacity: 1; outline: 3px solid #ffbf47; outline-offset: 1px; }
.btn svg { width: 16px; height: 16px; flex: none; }
.panel { position: fixed; left: 14px; bottom: 14px; z-index: 2147483647; width: 330px; max-width: calc(100vw - 28px);
  background: #fff; color: #1b1b1b; border-radius: 12px; border-top: 6px solid #1f3a68; box-shadow: 0 6px 24px rgba(0,0,0,.3);
  padding: 14px 16px 12px; font-size: 14px; line-height: 1.4; }
h2 { margin: 0 0 2px; font-size: 17px; color: #1f3a68; }
.school { margin: 0 0 8px; font-size: 12px; color: #555; }
p { margin: 0 0 8px; }
textarea { width: 100%; min-height: 78px; resize: vertical; padding: 8px; border: 2px solid #6b7a90; border-radius: 6px; font-size: 14px; }
textarea:focus, input:focus, button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
label { display: flex; gap: 8px; align-items: center; margin: 8px 0 10px; font-size: 14px; }
.row { display: flex; gap: 8px; }
.send { flex: 1; padding: 9px; border: 0; border-radius: 6px; background: #1f3a68; color: #fff; font-size: 15px; font-weight: 600; cursor: pointer; }
.cancel { padding: 9px 12px; border: 2px solid #1f3a68; border-radius: 6px; background: #fff; color: #1f3a68; font-size: 15px; cursor: pointer; }
.help { margin: 10px 0 0; font-size: 12px; color: #444; }
.help a { color: #1f3a68; }
.done { font-size: 15px; }
.error { color: #a4001d; font-weight: 600; }
`;

const SHIELD = '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="#ffbf47" d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3z"/><path fill="#1f3a68" d="M11 7h2v6h-2zm0 8h2v2h-2z"/></svg>';

export function mountConcernButton(doc: Document, sender: ConcernSender): () => void {
  const host = doc.createElement('div');
  host.setAttribute('data-esafety', 'concern');
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const view = doc.createElement('div');
  root.append(style, view);

  const showButton = () => {
    view.innerHTML = `<button class="btn" type="button" aria-haspopup="dialog">${SHIELD}<span>Report a concern</span></button>`;
    view.querySelector('button')!.addEventListener('click', () => void showForm());
  };

  const close = () => {
    showButton();
    (view.querySelector('button') as HTMLButtonElement).focus();
  };

  const showForm = async () => {
    view.innerHTML = `<div class="panel" role="dialog" aria-modal="false" aria-labelledby="t">
      <h2 id="t">Report a concern</h2><p class="school"></p>
      <p>Seen something that worried you, or someone being unkind or unsafe? Tell a trusted adult at school.</p>
      <textarea maxlength="2000" aria-label="What happened? You do not have to write anything." placeholder="What happened? (you don't have to write anything)"></textarea>
      <label><input type="checkbox" checked> Send a picture of this page</label>
      <div class="row"><button class="send" type="button">Send</button><button class="cancel" type="button">Cancel</button></div>
      <p class="help">In danger right now? Tell an adult or call 999. Childline: 0800 1111.
      You can also <a href="https://www.ceop.police.uk/Safety-Centre/" target="_blank" rel="noopener">report to CEOP</a>.</p></div>`;
    const panel = view.querySelector('.panel') as HTMLElement;
    const text = panel.querySelector('textarea') as HTMLTextAreaElement;
    const shot = panel.querySelector('input') as HTMLInputElement;
    panel.querySelector('.cancel')!.addEventListener('click', close);
    panel.addEventListener('keydown', (ev) => {
      if ((ev as KeyboardEvent).key === 'Escape') close();
      ev.stopPropagation(); // the page's shortcuts must not see what is typed here
    });
    panel.querySelector('.send')!.addEventListener('click', () => void submit(text.value.trim(), shot.checked));
    text.focus();
    const name = await sender.schoolName().catch(() => undefined);
    if (name) (panel.querySelector('.school') as HTMLElement).textContent = name;
  };

  const submit = async (message: string, screenshot: boolean) => {
    // The picture is of the page, not of this form: hide it until the worker has taken it.
    host.style.setProperty('display', 'none', 'important');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    let ok = false;
    try {
      ok = await sender.send({ ...(message ? { message } : {}), screenshot });
    } catch {
      ok = false;
    }
    host.style.removeProperty('display');
    view.innerHTML = ok
      ? `<div class="panel" role="status"><h2>Thank you</h2><p class="done">Your report has been sent. A grown-up at school will look at it.</p><p class="help">In danger right now? Tell an adult or call 999. Childline: 0800 1111.</p><div class="row"><button class="cancel" type="button">Close</button></div></div>`
      : `<div class="panel" role="alert"><h2>Not sent</h2><p class="error">Sorry, that did not send. Please tell a teacher or another adult you trust.</p><div class="row"><button class="cancel" type="button">Close</button></div></div>`;
    const btn = view.querySelector('.cancel') as HTMLButtonElement;
    btn.addEventListener('click', close);
    btn.focus();
  };

  showButton();
  (doc.body ?? doc.documentElement).append(host);
  return () => host.remove();
}
