using System.Globalization;
using System.Text;
using CsvHelper;
using Pipeline.Domain;

namespace Pipeline.Verification;

/// <summary>Writes <c>report/verification.csv</c>: one row per check (RFC 4180 via CsvHelper), problems <c>;</c>-separated.</summary>
public static class VerificationCsv
{
    public static IReadOnlyList<string> Columns { get; } = ["file", "job_id", "status", "result", "problems", "sha256", "format", "width", "height"];

    /// <summary>Writes the file atomically and returns its path.</summary>
    /// <exception cref="IOException">The report folder is not writable.</exception>
    public static string Write(CampaignVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        var dir = verification.Folder.ReportDir;
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "verification.csv");
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false))
        {
            csv.WriteRecord([.. Columns]);
            foreach (var check in verification.Checks)
            {
                csv.WriteRecord(Fields(check));
            }
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static string[] Fields(FileCheck check) =>
    [
        check.File ?? string.Empty, check.JobId ?? string.Empty, check.Status ?? string.Empty, check.Result.ToWire(),
        check.Result == CheckResult.Ok ? string.Empty : string.Join(';', check.Problems), check.Sha256 ?? string.Empty,
        check.Facts?.Format ?? string.Empty, Int(check.Facts?.Width), Int(check.Facts?.Height),
    ];

    private static string Int(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
