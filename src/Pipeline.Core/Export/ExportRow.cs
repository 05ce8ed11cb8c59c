namespace Pipeline.Export;

/// <summary>
/// One row of <c>export.csv</c>: a file the export put in the target folder.
/// </summary>
/// <param name="Rendition"><c>master</c>, or the rendition's name.</param>
/// <param name="File">Relative to the target folder, <c>/</c>-separated.</param>
/// <param name="Decision">The verdict (<c>approved</c>, <c>rejected</c> or empty), then <c>starred</c> after a <c>;</c> when starred.</param>
public sealed record ExportRow(
    string JobId,
    string PromptId,
    string? FinetuneId,
    string FinetuneStrength,
    string Seed,
    string AspectRatio,
    string Rendition,
    string File,
    string Sha256,
    string? RequestId,
    string Decision);
