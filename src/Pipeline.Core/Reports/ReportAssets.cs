namespace Pipeline.Reports;

/// <summary>The report's inline stylesheet and script: no external assets, so the page works from <c>file://</c>.</summary>
internal static class ReportAssets
{
    public const string Css = """
        :root{--cell:180px}
        body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
        h1{margin:0 0 8px} h2{margin:0 0 4px;font-size:18px}
        .summary{display:flex;flex-wrap:wrap;gap:8px 24px;margin:0 0 16px;color:#444}
        .summary div{display:flex;flex-direction:column} .summary dt{font-size:11px;text-transform:uppercase;color:#777} .summary dd{margin:0;font-size:18px;font-weight:600}
        .filters{display:flex;gap:16px;margin:0 0 24px;padding:8px 12px;background:#fff;border:1px solid #ddd;border-radius:6px;position:sticky;top:0;z-index:1}
        .filters label{display:flex;gap:6px;align-items:center} .filters output{margin-left:auto;color:#555}
        .sheet{margin-bottom:32px} .sheet[hidden],.cell[hidden]{display:none} .prompt{color:#555;margin:0 0 8px;max-width:80ch}
        table.grid{border-collapse:collapse} th{font-weight:600;padding:4px 8px;color:#444;font-variant-numeric:tabular-nums}
        thead th{text-align:center} tbody th{text-align:right} td{padding:4px;vertical-align:top}
        .cell{margin:0;width:var(--cell)} .cell button{all:unset;cursor:zoom-in;display:block}
        .cell img{display:block;width:var(--cell);height:auto;aspect-ratio:var(--ratio,1);object-fit:contain;background:#e8e8e8;border-radius:4px}
        .cell button:focus-visible img{outline:3px solid #1565c0}
        .cell figcaption{font-size:12px;color:#555;display:flex;justify-content:space-between;margin-top:2px}
        .placeholder{width:var(--cell);aspect-ratio:var(--ratio,1);display:flex;align-items:center;justify-content:center;background:#f0f0f0;color:#888;border-radius:4px;text-align:center}
        .badge{display:inline-block;padding:1px 6px;border-radius:8px;font-size:11px;color:#fff;background:#757575}
        .badge.succeeded{background:#2e7d32} .badge.failed,.badge.verification_failed{background:#c62828}
        .badge.request_moderated,.badge.content_moderated,.badge.nsfw_flagged{background:#ef6c00}
        dialog{max-width:95vw;max-height:95vh;padding:16px;border:0;border-radius:8px;box-shadow:0 8px 40px #0006}
        dialog::backdrop{background:#000a} dialog .view{display:flex;gap:16px;align-items:flex-start}
        dialog img{max-width:65vw;max-height:85vh;object-fit:contain;background:#e8e8e8}
        dialog pre{margin:0;max-width:28vw;max-height:80vh;overflow:auto;font-size:12px;white-space:pre-wrap;word-break:break-all}
        #viewer-renditions{margin-bottom:8px;font-size:13px} #viewer-renditions:empty{display:none}
        dialog header{display:flex;justify-content:space-between;gap:16px;margin-bottom:8px}
        """;

    public const string Script = """
        (() => {
          const data = JSON.parse(document.getElementById('provenance-data').textContent);
          const pick = id => document.getElementById(id);
          const filters = { status: pick('filter-status'), prompt: pick('filter-prompt'), finetune: pick('filter-finetune') };
          function apply() {
            let shown = 0;
            for (const sheet of document.querySelectorAll('.sheet')) {
              const sheetOk = (!filters.prompt.value || sheet.dataset.prompt === filters.prompt.value)
                && (!filters.finetune.value || sheet.dataset.finetune === filters.finetune.value);
              let visible = 0;
              for (const cell of sheet.querySelectorAll('.cell')) {
                const ok = sheetOk && (!filters.status.value || cell.dataset.status === filters.status.value);
                cell.hidden = !ok;
                if (ok) visible++;
              }
              sheet.hidden = visible === 0;
              shown += visible;
            }
            pick('filter-count').value = shown + ' shown';
          }
          Object.values(filters).forEach(f => f.addEventListener('change', apply));
          const viewer = pick('viewer');
          document.addEventListener('click', event => {
            const button = event.target.closest('.cell button');
            if (!button) return;
            const cell = button.closest('.cell');
            const record = data[cell.dataset.job];
            pick('viewer-title').textContent = cell.dataset.title;
            pick('viewer-image').src = cell.dataset.href;
            pick('viewer-image').alt = cell.dataset.title;
            pick('viewer-link').href = cell.dataset.href;
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
            viewer.showModal();
          });
          pick('viewer-close').addEventListener('click', () => viewer.close());
          viewer.addEventListener('click', event => { if (event.target === viewer) viewer.close(); });
          apply();
        })();
        """;
}
