namespace Pipeline.Reports;

/// <summary>
/// The grid's inline stylesheet and script, shared by the static report and the review page: no external assets, so
/// the report works from <c>file://</c> and the review page needs no build step and no network.
/// </summary>
internal static class ReportAssets
{
    public const string Css = """
        :root{--cell:180px}
        body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
        h1{margin:0 0 8px} h2{margin:0 0 4px;font-size:18px}
        .summary{display:flex;flex-wrap:wrap;gap:8px 24px;margin:0 0 16px;color:#444}
        .summary div{display:flex;flex-direction:column} .summary dt{font-size:11px;text-transform:uppercase;color:#777} .summary dd{margin:0;font-size:18px;font-weight:600}
        .filters{display:flex;flex-wrap:wrap;gap:8px 16px;margin:0 0 24px;padding:8px 12px;background:#fff;border:1px solid #ddd;border-radius:6px;position:sticky;top:0;z-index:5}
        .filters label{display:flex;gap:6px;align-items:center} #decision-counts{margin-left:auto;color:#555} #filter-count{color:#555}
        .group{display:flex;gap:24px;align-items:flex-start} .group>.sheet{min-width:0;flex:0 1 auto}
        .sheet{margin-bottom:32px} .sheet[hidden],.cell[hidden],.group[hidden]{display:none} .prompt{color:#555;margin:0 0 8px;max-width:80ch}
        .scroller{overflow:auto;max-width:calc(100vw - 48px);max-height:calc(100vh - 80px)}
        table.grid{border-collapse:separate;border-spacing:0} th{font-weight:600;padding:4px 8px;color:#444;font-variant-numeric:tabular-nums}
        thead th{text-align:center;position:sticky;top:0;z-index:2;background:#fafafa} tbody th{text-align:right;position:sticky;left:0;z-index:1;background:#fafafa}
        thead th:first-child{left:0;z-index:3} td{padding:4px;vertical-align:top}
        .cell{margin:0;width:var(--cell);border-radius:6px;outline-offset:2px} .cell button.open{all:unset;cursor:zoom-in;display:block}
        .cell img{display:block;width:var(--cell);height:auto;aspect-ratio:var(--ratio,1);object-fit:contain;background:#e8e8e8;border-radius:4px}
        .cell button.open:focus-visible img,.cell button.open:focus img{outline:3px solid #1565c0}
        .cell figcaption,.cell .marks{font-size:12px;color:#555;display:flex;justify-content:space-between;gap:4px;margin-top:2px}
        .cell[data-decision=approved]{outline:3px solid #2e7d32} .cell[data-decision=rejected]{outline:3px solid #c62828} .cell[data-decision=rejected] img{opacity:.45}
        .decision{font-weight:600} .cell[data-decision=approved] .decision{color:#2e7d32} .cell[data-decision=rejected] .decision{color:#c62828}
        .cell.marked{box-shadow:0 0 0 3px #f9a825} .pick{cursor:pointer;color:#777}
        .placeholder{width:var(--cell);aspect-ratio:var(--ratio,1);display:flex;align-items:center;justify-content:center;background:#f0f0f0;color:#888;border-radius:4px;text-align:center}
        .badge{display:inline-block;padding:1px 6px;border-radius:8px;font-size:11px;color:#fff;background:#757575}
        .badge.succeeded{background:#2e7d32} .badge.failed,.badge.verification_failed{background:#c62828}
        .badge.request_moderated,.badge.content_moderated,.badge.nsfw_flagged{background:#ef6c00}
        .approval{margin:0 0 16px} .charts{display:flex;flex-wrap:wrap;gap:24px}
        .chart{margin:0;padding:8px 12px;background:#fff;border:1px solid #ddd;border-radius:6px} .chart figcaption{font-weight:600;margin-bottom:4px}
        .bars{display:flex;gap:6px;align-items:flex-end;height:110px} .bar{display:flex;flex-direction:column;align-items:center;justify-content:flex-end;width:38px;height:100%;font-size:11px}
        .bar .fill{display:block;width:100%;height:calc(var(--rate) * 72px);min-height:1px;background:#2e7d32;border-radius:3px 3px 0 0} .bar .axis{color:#555;font-variant-numeric:tabular-nums}
        .bar[data-rate=""] .pct{color:#aaa}
        dialog{max-width:95vw;max-height:95vh;padding:16px;border:0;border-radius:8px;box-shadow:0 8px 40px #0006}
        dialog::backdrop{background:#000a} dialog .view{display:flex;gap:16px;align-items:flex-start}
        dialog .view img{max-width:65vw;max-height:80vh;object-fit:contain;background:#e8e8e8}
        dialog pre{margin:0;max-width:28vw;max-height:80vh;overflow:auto;font-size:12px;white-space:pre-wrap;word-break:break-all}
        dialog header{display:flex;justify-content:space-between;align-items:center;gap:16px;margin-bottom:8px}
        #compare{width:95vw} .compare-strip{display:flex;gap:8px;overflow:auto;max-height:85vh}
        .compare-strip figure{margin:0;flex:1 1 0;min-width:0} .compare-strip img{display:block;width:100%;max-height:78vh;object-fit:contain;background:#e8e8e8}
        .compare-strip.actual figure{flex:none} .compare-strip.actual img{width:auto;max-width:none;max-height:none}
        .compare-strip figcaption{font-size:12px;color:#555}
        #viewer-renditions{margin-bottom:8px;font-size:13px} #viewer-renditions:empty{display:none}
        """;

    public const string Script = """
        (() => {
          const data = JSON.parse(document.getElementById('provenance-data').textContent);
          const pick = id => document.getElementById(id);
          const filters = {};
          for (const name of ['status', 'prompt', 'finetune', 'strength', 'ratio', 'provider', 'decision']) filters[name] = pick('filter-' + name);
          const value = name => filters[name] ? filters[name].value : '';
          const cellOk = cell => {
            const d = value('decision');
            return (!value('status') || cell.dataset.status === value('status'))
              && (!value('strength') || cell.dataset.strength === value('strength'))
              && (!value('provider') || cell.dataset.provider === value('provider'))
              && (!d || (d === 'starred' ? cell.dataset.starred === 'true' : (cell.dataset.decision || 'undecided') === d));
          };
          function apply() {
            let shown = 0;
            for (const sheet of document.querySelectorAll('.sheet')) {
              const sheetOk = (!value('prompt') || sheet.dataset.prompt === value('prompt'))
                && (!value('finetune') || sheet.dataset.finetune === value('finetune'))
                && (!value('ratio') || sheet.dataset.shape === value('ratio'));
              let visible = 0;
              for (const cell of sheet.querySelectorAll('.cell')) {
                const ok = sheetOk && cellOk(cell);
                cell.hidden = !ok;
                if (ok) visible++;
              }
              for (const column of sheet.querySelectorAll('th[data-strength], td[data-strength]')) column.hidden = !!value('strength') && column.dataset.strength !== value('strength');
              sheet.hidden = visible === 0;
              shown += visible;
            }
            for (const group of document.querySelectorAll('.group')) group.hidden = !group.querySelector('.sheet:not([hidden])');
            pick('filter-count').value = shown + ' shown';
          }
          Object.values(filters).forEach(f => f && f.addEventListener('change', apply));

          // Decisions: the marks on a cell follow its data attributes (set by the page, or by the review page's script).
          const describe = cell => [
            cell.dataset.decision === 'approved' ? '✓ approved' : cell.dataset.decision === 'rejected' ? '✗ rejected' : '',
            cell.dataset.starred === 'true' ? '★' : '', cell.dataset.note ? '✎' : ''].filter(Boolean).join(' ');
          function paint(cell, state) {
            if (!cell) return;
            if (state !== undefined) {
              cell.dataset.decision = (state && state.verdict) || '';
              cell.dataset.starred = state && state.starred ? 'true' : 'false';
              cell.dataset.note = (state && state.note) || '';
            }
            const mark = cell.querySelector('.decision');
            if (mark) { mark.textContent = describe(cell); mark.title = cell.dataset.note; }
            if (current === cell) showDecision(cell);
          }
          function count() {
            const cells = [...document.querySelectorAll('.cell')].filter(c => c.dataset.href);
            const n = test => cells.filter(test).length;
            const counts = { approved: n(c => c.dataset.decision === 'approved'), rejected: n(c => c.dataset.decision === 'rejected'),
              starred: n(c => c.dataset.starred === 'true'), undecided: n(c => !c.dataset.decision), notes: n(c => !!c.dataset.note) };
            pick('decision-counts').value = counts.approved + ' approved · ' + counts.rejected + ' rejected · ' + counts.starred + ' starred · ' + counts.undecided + ' undecided';
            // The review page decides after it was rendered: its header follows the cells.
            for (const [key, value] of Object.entries(counts)) {
              const dd = document.querySelector('#approval dd[data-key="' + key + '"]');
              if (dd) dd.textContent = value;
            }
          }

          // Keyboard: arrows move the focus over the visible cells that have an image; Enter opens the full view.
          const open = () => [...document.querySelectorAll('.cell:not([hidden]) button.open')].filter(b => !b.closest('[hidden]')).map(b => b.closest('.cell'));
          const rows = () => [...document.querySelectorAll('.sheet:not([hidden]) tbody tr')]
            .map(tr => [...tr.querySelectorAll('.cell:not([hidden])')].filter(c => c.dataset.href && !c.closest('[hidden]'))).filter(r => r.length);
          function focusCell(cell) {
            if (!cell) return;
            const button = cell.querySelector('button.open');
            button.focus({ preventScroll: true });
            cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
          }
          function neighbour(cell, key) {
            const all = open();
            const i = all.indexOf(cell);
            if (key === 'ArrowRight') return all[Math.min(i + 1, all.length - 1)];
            if (key === 'ArrowLeft') return all[Math.max(i - 1, 0)];
            const grid = rows();
            const r = grid.findIndex(row => row.includes(cell));
            const target = grid[r + (key === 'ArrowDown' ? 1 : -1)];
            if (!target) return cell;
            const column = cell.closest('td').cellIndex;
            return target.reduce((best, c) => Math.abs(c.closest('td').cellIndex - column) < Math.abs(best.closest('td').cellIndex - column) ? c : best);
          }

          // The full view: the original with its provenance; prev/next walk the visible cells in grid order.
          const viewer = pick('viewer');
          let current = null;
          function showDecision(cell) { pick('viewer-decision').textContent = describe(cell) + (cell.dataset.note ? ' — ' + cell.dataset.note : ''); }
          function show(cell) {
            current = cell;
            const all = open();
            pick('viewer-title').textContent = cell.dataset.title;
            pick('viewer-position').textContent = (all.indexOf(cell) + 1) + ' of ' + all.length;
            pick('viewer-image').src = cell.dataset.href;
            pick('viewer-image').alt = cell.dataset.title;
            pick('viewer-link').href = cell.dataset.href;
            const record = data[cell.dataset.job];
            pick('viewer-provenance').textContent = JSON.stringify(record, null, 2);
            const renditions = pick('viewer-renditions');
            renditions.replaceChildren();
            for (const r of (record && record.renditions) || []) {
              const link = document.createElement('a');
              link.href = r.href;
              link.target = '_blank';
              link.rel = 'noopener';
              link.textContent = r.name + ' (' + r.width + '\u00d7' + r.height + ' ' + r.format + ')';
              renditions.append(link, ' ');
            }
            showDecision(cell);
            if (!viewer.open) viewer.showModal();
          }
          function step(delta) {
            const all = open();
            const next = all[all.indexOf(current) + delta];
            if (next) show(next);
          }
          document.addEventListener('click', event => {
            const button = event.target.closest('.cell button.open');
            if (button) show(button.closest('.cell'));
          });
          pick('viewer-prev').addEventListener('click', () => step(-1));
          pick('viewer-next').addEventListener('click', () => step(1));
          pick('viewer-close').addEventListener('click', () => viewer.close());
          viewer.addEventListener('click', event => { if (event.target === viewer) viewer.close(); });
          viewer.addEventListener('close', () => { if (current) focusCell(current); current = null; });

          // Compare: c marks a cell, v shows the marked cells' originals side by side.
          const compare = pick('compare');
          const marked = () => [...document.querySelectorAll('.cell input.compare:checked')].map(b => b.closest('.cell'));
          function syncMarks() {
            for (const cell of document.querySelectorAll('.cell')) cell.classList.toggle('marked', !!cell.querySelector('input.compare:checked'));
            const n = marked().length;
            pick('compare-open').textContent = 'compare (' + n + ')';
            pick('compare-open').disabled = n < 2;
          }
          function toggleMark(cell) {
            const box = cell && cell.querySelector('input.compare');
            if (box) { box.checked = !box.checked; syncMarks(); }
          }
          function openCompare() {
            const cells = marked();
            if (cells.length < 2) return;
            const strip = pick('compare-images');
            strip.replaceChildren(...cells.map(cell => {
              const figure = document.createElement('figure');
              figure.dataset.job = cell.dataset.job;
              const img = document.createElement('img');
              img.src = cell.dataset.href;
              img.alt = cell.dataset.title;
              const caption = document.createElement('figcaption');
              caption.textContent = cell.dataset.title + (describe(cell) ? ' · ' + describe(cell) : '');
              figure.append(img, caption);
              return figure;
            }));
            compare.showModal();
          }
          document.addEventListener('change', event => { if (event.target.matches('input.compare')) syncMarks(); });
          pick('compare-open').addEventListener('click', openCompare);
          pick('compare-close').addEventListener('click', () => compare.close());
          pick('compare-clear').addEventListener('click', () => { marked().forEach(toggleMark); compare.close(); });
          pick('compare-actual').addEventListener('change', event => pick('compare-images').classList.toggle('actual', event.target.checked));

          const sheet = { paint, count, apply, show, focusCell, current: () => current, onKey: null };
          document.addEventListener('keydown', event => {
            if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
            if (event.target.closest('select, textarea, input:not(.compare)') || compare.open || document.querySelector('dialog.modal-form[open]')) return;
            const focused = document.activeElement && document.activeElement.closest('.cell');
            const cell = viewer.open ? current : focused;
            let handled = true;
            if (viewer.open && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) step(event.key === 'ArrowLeft' ? -1 : 1);
            else if (event.key.startsWith('Arrow')) focusCell(cell ? neighbour(cell, event.key) : open()[0]);
            else if (event.key === 'Enter' && cell && !viewer.open) show(cell);
            else if (event.key === 'c' && cell) toggleMark(cell);
            else if (event.key === 'v') openCompare();
            else handled = !!(cell && sheet.onKey && sheet.onKey(event.key, cell));
            if (handled) event.preventDefault();
          });
          window.contactSheet = sheet;
          document.querySelectorAll('.cell').forEach(cell => paint(cell));
          count();
          apply();
        })();
        """;
}
