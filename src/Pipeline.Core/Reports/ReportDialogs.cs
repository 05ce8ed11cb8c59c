namespace Pipeline.Reports;

/// <summary>The dialogs the grid's script drives: the full view (prev/next, provenance) and the side-by-side compare.</summary>
internal static class ReportDialogs
{
    public const string Markup = """
        <dialog id="viewer" aria-labelledby="viewer-title"><header><strong id="viewer-title"></strong><span id="viewer-position"></span><span id="viewer-decision" class="decision"></span>
        <span><button id="viewer-prev" type="button" title="previous (←)">← prev</button> <button id="viewer-next" type="button" title="next (→)">next →</button>
        <a id="viewer-link" target="_blank" rel="noopener">open full image</a> <button id="viewer-close" type="button">close</button></span></header>
        <div class="view"><img id="viewer-image" alt=""><div><nav id="viewer-renditions" aria-label="renditions"></nav><pre id="viewer-provenance"></pre></div></div></dialog>
        <dialog id="compare" aria-label="compare"><header><strong>compare</strong>
        <span><label><input type="checkbox" id="compare-actual"> actual pixels</label> <button id="compare-clear" type="button">unmark all</button> <button id="compare-close" type="button">close</button></span></header>
        <div id="compare-images" class="compare-strip"></div></dialog>

        """;
}
