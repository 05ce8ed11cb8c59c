using System.Globalization;
using System.Text;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// <c>.kept-stamps.tsv</c>: for each kept file whose SHA-256 was last found equal to its audit row, the size and
/// modification time it had then (docs/architecture.md#35-a-rerun-checks-what-it-skips). A file whose size and time
/// are unchanged is not read again, as git and rsync decide; any write to it changes them and it is hashed. Without
/// the stamps a rerun of 2,000 Ultra JPEGs reads 1.1 GB. Auxiliary: a missing or unwritable file only costs hashing.
/// </summary>
internal sealed class KeptFileStamps
{
    private const string FileName = ".kept-stamps.tsv";
    private readonly Dictionary<string, (long Size, long Ticks, string Sha256)> _stamps;
    private bool _changed;

    private KeptFileStamps(Dictionary<string, (long, long, string)> stamps) => _stamps = stamps;

    public static KeptFileStamps Load(CampaignFolder folder)
    {
        var stamps = new Dictionary<string, (long, long, string)>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(folder.Root, FileName)))
            {
                if (line.Split('\t') is [var file, var size, var ticks, var sha256]
                    && long.TryParse(size, CultureInfo.InvariantCulture, out var s) && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t))
                {
                    stamps[file] = (s, t, sha256);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No stamps: every kept file is hashed.
        }

        return new KeptFileStamps(stamps);
    }

    /// <summary>Whether <paramref name="file"/> is unchanged since it was found to hash to <paramref name="sha256"/>.</summary>
    public bool Unchanged(string relative, FileInfo file, string sha256)
    {
        lock (_stamps)
        {
            return _stamps.TryGetValue(relative, out var stamp) && stamp.Size == file.Length && stamp.Ticks == file.LastWriteTimeUtc.Ticks
                && string.Equals(stamp.Sha256, sha256, StringComparison.OrdinalIgnoreCase);
        }
    }

    public void Record(string relative, FileInfo file, string sha256)
    {
        lock (_stamps)
        {
            _stamps[relative] = (file.Length, file.LastWriteTimeUtc.Ticks, sha256);
            _changed = true;
        }
    }

    /// <summary>Writes the stamps if any changed (atomically: a concurrent shard's copy is replaced whole, never torn).</summary>
    public void Save(CampaignFolder folder)
    {
        if (!_changed)
        {
            return;
        }

        var path = Path.Combine(folder.Root, FileName);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            var text = new StringBuilder();
            lock (_stamps)
            {
                foreach (var (file, (size, ticks, sha256)) in _stamps)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{file}\t{size}\t{ticks}\t{sha256}\n");
                }
            }

            File.WriteAllText(temp, text.ToString());
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Auxiliary.
        }
    }
}
