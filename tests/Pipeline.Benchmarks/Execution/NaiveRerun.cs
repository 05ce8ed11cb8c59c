using System.Globalization;
using System.Security.Cryptography;
using CsvHelper;

namespace Pipeline.Benchmarks;

/// <summary>
/// The baseline of <see cref="RerunSpeed"/>: what a 20-line script does to tell which jobs of a finished campaign are
/// still done. Reads <c>audit.csv</c> with CsvHelper, keeps each job's latest row, and SHA-256-hashes every kept
/// <c>succeeded</c> file against the row (no stamps, no plan, no report). Prints the count. Usage: <c>rerun-naive DIR</c>.
/// </summary>
internal static class NaiveRerun
{
    public static int Run(string[] args)
    {
        var folder = args[0];
        var latest = new Dictionary<string, (string Status, string File, string Sha256)>(StringComparer.Ordinal);
        using (var csv = CsvReader.Create(File.ReadAllBytes(Path.Combine(folder, "audit.csv")).AsMemory(), new CsvReaderOptions { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture }))
        {
            while (csv.Read())
            {
                latest[csv.GetString("job_id")] = (csv.GetString("status"), csv.GetString("file"), csv.GetString("sha256"));
            }
        }

        var intact = 0;
        Parallel.ForEach(latest.Values.Where(r => r.Status == "succeeded"), row =>
        {
            var path = Path.Combine(folder, row.File);
            if (File.Exists(path) && string.Equals(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), row.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref intact);
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{intact} of {latest.Count} jobs intact"));
        return 0;
    }
}
