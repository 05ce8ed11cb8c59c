using System.Net;

namespace Pipeline.Review;

/// <summary>
/// What the review page adds to the report's grid: the note dialog, a key legend, and the script that records
/// decisions (keys <c>a r s u n</c>) through the server and follows other browsers' decisions.
/// </summary>
internal static class ReviewAssets
{
    public static string Markup(string reviewer) => $$"""
        <p class="keys" id="review-keys">reviewing as <strong id="reviewer">{{WebUtility.HtmlEncode(reviewer)}}</strong> · arrows move · <kbd>a</kbd> approve · <kbd>r</kbd> reject · <kbd>s</kbd> star · <kbd>u</kbd> clear · <kbd>n</kbd> note · <kbd>Enter</kbd> full view · <kbd>c</kbd> mark for compare · <kbd>v</kbd> compare · <output id="review-status"></output></p>
        <dialog id="note-dialog" class="modal-form" aria-label="note"><form method="dialog"><p><strong id="note-title"></strong></p>
        <textarea id="note-text" rows="4" cols="60" maxlength="2000" placeholder="a note on this image (Enter saves, Shift+Enter breaks the line)"></textarea>
        <p><button value="save" id="note-save">save</button> <button value="cancel" formnovalidate>cancel</button></p></form></dialog>
        <style>.keys{position:fixed;bottom:0;left:0;right:0;margin:0;padding:6px 24px;background:#263238;color:#eceff1;font-size:13px;z-index:6} .keys kbd{background:#455a64;border-radius:3px;padding:0 4px} body{padding-bottom:40px}</style>

        """;

    public const string Script = """
        (() => {
          const sheet = window.contactSheet;
          const pick = id => document.getElementById(id);
          const cellFor = job => document.querySelector('.cell[data-job="' + CSS.escape(job) + '"]');
          // The token came in the URL; the server has set it as a cookie, so it can leave the address bar and history.
          if (location.search.includes('token=')) history.replaceState(null, '', '/');
          const say = text => { pick('review-status').value = text; };
          async function decide(cell, decision, note) {
            // Shown at once; the server's answer then confirms it (or the next refresh corrects it).
            const before = { verdict: cell.dataset.decision || null, starred: cell.dataset.starred === 'true', note: cell.dataset.note || null };
            const after = { ...before };
            if (decision === 'approved' || decision === 'rejected') after.verdict = decision;
            if (decision === 'cleared') after.verdict = null;
            if (decision === 'starred' || decision === 'unstarred') after.starred = decision === 'starred';
            if (note) after.note = note;
            sheet.paint(cell, after);
            sheet.count();
            try {
              const response = await fetch('/api/decisions', {
                method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ job_id: cell.dataset.job, decision, note: note || '' }) });
              if (!response.ok) throw new Error((await response.json()).error || response.status);
              const answer = await response.json();
              sheet.paint(cell, answer.review);
              say('saved: ' + decision + ' · ' + cell.dataset.title);
            } catch (error) {
              sheet.paint(cell, before);
              say('not saved: ' + error.message);
            }
            sheet.count();
            sheet.apply();
          }
          async function refresh() {
            try {
              const response = await fetch('/api/decisions', { credentials: 'same-origin', cache: 'no-store' });
              if (!response.ok) return;
              const { jobs } = await response.json();
              for (const cell of document.querySelectorAll('.cell[data-href]')) {
                if (!cell.dataset.href) continue;
                const state = jobs[cell.dataset.job] || null;
                const now = { verdict: cell.dataset.decision || null, starred: cell.dataset.starred === 'true', note: cell.dataset.note || null };
                const next = { verdict: state ? state.verdict : null, starred: !!(state && state.starred), note: state ? state.note : null };
                if (now.verdict !== next.verdict || now.starred !== next.starred || now.note !== next.note) sheet.paint(cell, next);
              }
              sheet.count();
            } catch { /* the server has stopped; the page keeps what it shows */ }
          }
          const noteDialog = pick('note-dialog');
          let noting = null;
          function askNote(cell) {
            noting = cell;
            pick('note-title').textContent = cell.dataset.title;
            pick('note-text').value = cell.dataset.note || '';
            noteDialog.showModal();
            pick('note-text').focus();
          }
          pick('note-text').addEventListener('keydown', event => {
            if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); noteDialog.close('save'); }
          });
          noteDialog.addEventListener('close', () => {
            const cell = noting;
            noting = null;
            if (!cell) return;
            if (noteDialog.returnValue === 'save') {
              const text = pick('note-text').value.trim();
              if (text) decide(cell, cell.dataset.decision || 'cleared', text);
            }
            if (!pick('viewer').open) sheet.focusCell(cell);
          });
          const keys = { a: 'approved', r: 'rejected', u: 'cleared' };
          sheet.onKey = (key, cell) => {
            if (!cell.dataset.href) return false;
            if (keys[key]) decide(cell, keys[key]);
            else if (key === 's') decide(cell, cell.dataset.starred === 'true' ? 'unstarred' : 'starred');
            else if (key === 'n') askNote(cell);
            else return false;
            return true;
          };
          setInterval(refresh, 2000);
          window.addEventListener('focus', refresh);
          refresh();
        })();
        """;
}
