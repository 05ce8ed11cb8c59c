using System.Globalization;
using Pipeline.Domain;

namespace Pipeline.Records;

/// <summary>
/// Append-only <c>audit.csv</c> (RFC 4180 via CsvHelper): header written once, one row per job outcome, each row on disk
/// before <see cref="Append"/> returns (group commit: rows appended together share an fsync). Thread-safe, and safe
/// beside other processes appending to the same file, as every CSV log of the folder is (<see cref="AppendOnlyCsv"/>).
/// </summary>
/// <remarks>
/// A crash can tear only the last row. <see cref="Open"/> repairs that before appending: the file is cut back to its
/// last complete record and the torn bytes are kept beside it in <c>audit.csv.torn-&lt;UTC time&gt;</c>. Nothing
/// complete is lost; the torn job has no outcome row, so the rerun re-attaches to it through the ledger.
/// </remarks>
internal sealed class AuditLog : IDisposable
{
    private readonly AppendOnlyCsv _csv;

    private AuditLog(AppendOnlyCsv csv) => _csv = csv;

    public string Path => _csv.Path;

    /// <summary>Where <see cref="Open"/> kept a torn last row it cut off; null when the log was whole.</summary>
    public string? TornCopyPath => _csv.TornCopyPath;

    /// <summary>
    /// Opens (or creates) the log at <paramref name="path"/> for appending, repairing a torn last row first; writes the
    /// header if the file is empty.
    /// </summary>
    /// <param name="time">Names the torn-row copy; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="IOException">The file cannot be opened, repaired or written.</exception>
    public static AuditLog Open(string path, TimeProvider? time = null) =>
        new(AppendOnlyCsv.Open(path, AuditColumns.All, durable: true, time ?? TimeProvider.System));

    /// <summary>Appends <paramref name="row"/> and returns once it is on disk (rows written meanwhile share the fsync).</summary>
    public void Append(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _csv.Append(Fields(row));
    }

    public void Dispose() => _csv.Dispose();

    internal static string[] Fields(AuditRow r) =>
    [
        r.RunId, r.JobId, r.Campaign, r.PromptId, r.Prompt, r.Provider, r.Model, r.FinetuneId ?? string.Empty,
        Format(r.FinetuneStrength), r.Seed.ToString(CultureInfo.InvariantCulture), r.AspectRatio ?? string.Empty,
        Format(r.Width), Format(r.Height), r.Format, r.RequestId ?? string.Empty, r.Status.ToWire(),
        r.Attempts.ToString(CultureInfo.InvariantCulture), r.CostUsd.ToString(CultureInfo.InvariantCulture),
        r.Nsfw ? "true" : "false", r.Verification, r.File ?? string.Empty, r.Sha256 ?? string.Empty,
        Format(r.SubmittedAt), Format(r.CompletedAt), r.Detail ?? string.Empty,
    ];

    private static string Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Format(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Format(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString(AuditColumns.TimeFormat, CultureInfo.InvariantCulture) ?? string.Empty;
}
