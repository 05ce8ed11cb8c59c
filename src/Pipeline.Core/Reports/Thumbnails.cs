using Pipeline.Records;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Pipeline.Reports;

/// <summary>
/// The report's grid shows small copies, so a sweep of 4 MP masters opens without pulling every original into the
/// browser; the originals load only in the full view. A thumbnail is named by its master's SHA-256 under
/// <c>report/thumbs/</c>, so an unchanged image is never resized twice and a re-rendered one gets a new name.
/// </summary>
internal static class Thumbnails
{
    /// <summary>Pixels on the long side: sharp on a 2× screen at the grid's cell size.</summary>
    public const int LongSide = 480;

    public const string FolderName = "thumbs";

    private static readonly JpegEncoder Encoder = new() { Quality = 80 };

    /// <summary>
    /// Makes the missing thumbnails of <paramref name="rows"/> (the kept images) and returns, per job id, the link
    /// from <c>report/index.html</c> to its thumbnail. An image that cannot be read gets none (the grid then links
    /// the original, and <c>pipeline verify</c> is what reports the damage).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Ensure(CampaignFolder folder, IReadOnlyList<AuditRow> rows, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(folder.ReportDir, FolderName);
        Directory.CreateDirectory(directory);
        var links = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var kept = rows.Where(r => r.File is not null && IsHash(r.Sha256)).ToList();
        Parallel.ForEach(
            kept,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            row =>
            {
                var name = row.Sha256! + ".jpg";
                var path = Path.Combine(directory, name);
                if (File.Exists(path) || TryMake(Path.Combine(folder.Root, row.File!), path))
                {
                    links[row.JobId] = FolderName + "/" + name;
                }
            });
        return links;
    }

    private static bool TryMake(string master, string thumbnail)
    {
        var temp = thumbnail + "." + Environment.ProcessId + ".tmp";
        try
        {
            using (var image = Image.Load<Rgb24>(master))
            {
                image.Mutate(x => x.AutoOrient().Resize(new ResizeOptions { Size = new Size(LongSide, LongSide), Mode = ResizeMode.Max }));
                image.SaveAsJpeg(temp, Encoder);
            }

            File.Move(temp, thumbnail, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ImageFormatException or UnknownImageFormatException or InvalidImageContentException)
        {
            File.Delete(temp);
            return false;
        }
    }

    private static bool IsHash(string? sha256) => sha256 is { Length: 64 } && sha256.All(char.IsAsciiHexDigitLower);
}
