using System.Globalization;
using System.Security.Cryptography;
using Pipeline.Domain;
using Pipeline.Records;
using System.Text.Json.Nodes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Renditions;

/// <summary>
/// Derives every rendition of one verified master that is not current (docs/architecture.md#40-renditions): decode the
/// master once and resize it once per geometry (size, fit, gravity, background); per spec encode, embed the provenance,
/// verify the bytes like a master (decode, size, format, <c>max_bytes</c>, lowering the quality step by step to fit),
/// then write the file and rename it into <c>renditions/&lt;name&gt;/</c> beside its sidecar, and append a row to
/// <c>renditions.csv</c>. Thread-safe.
/// </summary>
public sealed class RenditionDeriver(CampaignFolder folder, IReadOnlyList<RenditionSpec> specs, RenditionIndex index, RenditionLog log, string runId, TimeProvider time)
{
    /// <summary>How far the quality drops per try when a file is over <c>max_bytes</c>.</summary>
    public const int QualityStep = 5;

    public IReadOnlyList<RenditionSpec> Specs => specs;

    /// <summary>Derives what <paramref name="master"/> lacks; a failure is a row (<c>failed</c>, <c>verification_failed</c>), never an exception.</summary>
    /// <exception cref="IOException"><c>renditions.csv</c> cannot be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the rest is derived by the next run.</exception>
    public RenditionTally Derive(RenditionMaster master, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(master);
        var todo = specs.Select(s => (Spec: s, Key: s.KeyFor(master.Sha256))).Where(t => !index.IsCurrent(folder, master.JobId, t.Spec.Name, t.Key)).ToList();
        var current = specs.Count - todo.Count;
        if (todo.Count == 0)
        {
            return new RenditionTally(0, current, 0);
        }

        RenditionImage image;
        try
        {
            image = RenditionImage.Load(Path.Combine(folder.Root, master.File));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ImageFormatException)
        {
            foreach (var (spec, key) in todo)
            {
                log.Append(Row(master, spec, key, null, RenditionRow.Failed, "master does not decode: " + ex.Message));
            }

            return new RenditionTally(0, current, todo.Count);
        }

        var resized = new Dictionary<RenditionGeometry, Image<Rgb24>>();
        try
        {
            var sidecar = ReadSidecar(master);
            var tally = new RenditionTally(0, current, 0);
            foreach (var (spec, key) in todo)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = DeriveOne(image, resized, master, spec, key, sidecar, cancellationToken);
                log.Append(row);
                tally = tally.Add(row.Status == RenditionRow.Succeeded ? new(1, 0, 0) : new(0, 0, 1));
            }

            return tally;
        }
        finally
        {
            foreach (var pixels in resized.Values)
            {
                pixels.Dispose();
            }

            image.Dispose();
        }
    }

    /// <param name="resized">This master's resizes so far, by geometry: renditions of one size and fit share one.</param>
    private RenditionRow DeriveOne(RenditionImage image, Dictionary<RenditionGeometry, Image<Rgb24>> resized, RenditionMaster master, RenditionSpec spec, string key, string? sidecar, CancellationToken cancellationToken)
    {
        var file = master.RenditionFile(spec);
        var record = RenditionProvenance.Record(sidecar, master.File, master.Sha256, spec, key);
        var expected = spec.SizeFor(image.Size);
        byte[] bytes;
        int quality;
        try
        {
            var geometry = image.GeometryFor(spec);
            if (!resized.TryGetValue(geometry, out var pixels))
            {
                pixels = image.Resize(geometry);
                resized.Add(geometry, pixels);
            }

            (bytes, quality) = EncodeToFit(pixels, spec, record);
        }
        catch (Exception ex) when (ex is ImageProcessingException or InvalidDataException)
        {
            return Row(master, spec, key, null, RenditionRow.Failed, ex.Message);
        }

        var problems = Problems(bytes, spec, expected, cancellationToken);
        var detail = spec.Quality is { } asked && quality != asked ? string.Create(CultureInfo.InvariantCulture, $"quality {quality} (lowered from {asked} to fit max_bytes)") : null;
        if (problems is not null)
        {
            return Row(master, spec, key, null, RenditionRow.VerificationFailed, detail is null ? problems : $"{problems}; {detail}", bytes.Length);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Write(file, bytes, RenditionProvenance.Sidecar(record, sha256));
        return Row(master, spec, key, file, RenditionRow.Succeeded, detail, bytes.Length, expected, sha256);
    }

    /// <summary>Encodes at the spec's quality, then lower by <see cref="QualityStep"/> while the stored file would be over <c>max_bytes</c>.</summary>
    private static (byte[] Bytes, int Quality) EncodeToFit(Image<Rgb24> resized, RenditionSpec spec, JsonObject record)
    {
        var quality = spec.Quality ?? 100;
        while (true)
        {
            var xmp = spec.Format == "webp" ? RenditionProvenance.Xmp(record) : null;
            var bytes = RenditionProvenance.Embed(RenditionImage.Encode(resized, spec.Format, quality, xmp), spec.Format, record);
            if (spec.MaxBytes is not { } max || bytes.Length <= max || spec.Quality is null || quality == 1)
            {
                return (bytes, quality);
            }

            quality = Math.Max(1, quality - QualityStep);
        }
    }

    /// <summary>The rendition verified like a master: it decodes completely, in the spec's format, at the expected size, within <c>max_bytes</c>.</summary>
    private static string? Problems(byte[] bytes, RenditionSpec spec, ImageSize expected, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (format, size, problem) = RenditionImage.Decode(bytes);
        var problems = new List<string>();
        if (problem is not null)
        {
            problems.Add(problem);
        }

        if (format is not null && format != spec.Format)
        {
            problems.Add($"format: expected {spec.Format}, bytes are {format}");
        }

        if (size is { } actual && actual != expected)
        {
            problems.Add($"size: expected {expected}, file is {actual}");
        }

        if (spec.MaxBytes is { } max && bytes.Length > max)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"max_bytes: {bytes.Length} bytes at the lowest quality tried exceed {max}"));
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>
    /// Written once beside the target, then renamed over it: a reader never sees half a file. Not fsynced, unlike a
    /// master: a rendition lost or torn in a crash no longer hashes to its row, so the next run derives it again.
    /// </summary>
    private void Write(string file, byte[] bytes, string sidecar)
    {
        var final = Path.Combine(folder.Root, file);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        Directory.CreateDirectory(folder.TempDir);
        var temp = Path.Combine(folder.TempDir, file.Replace('/', '_'));
        File.WriteAllBytes(temp, bytes);
        File.WriteAllText(temp + ".json", sidecar);
        File.Move(temp, final, overwrite: true);
        File.Move(temp + ".json", final + ".json", overwrite: true);
    }

    private string? ReadSidecar(RenditionMaster master)
    {
        var path = Path.Combine(folder.Root, master.File + ".json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private RenditionRow Row(RenditionMaster master, RenditionSpec spec, string key, string? file, string status, string? detail, long? bytes = null, ImageSize? size = null, string? sha256 = null) =>
        new(runId, master.JobId, spec.Name, file, spec.Format, size?.Width, size?.Height, bytes, sha256, master.Sha256, status, detail, time.GetUtcNow(), key);
}
