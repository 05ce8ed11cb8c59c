using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Manifests;
using Pipeline.Manifests.Reading;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>Computes a job's content address, <see cref="JobId"/>.</summary>
/// <remarks>
/// <para>
/// The id is the first 16 lower-case hex digits of the SHA-256 of the UTF-8 bytes of this
/// canonical text, one <c>name=value</c> line per field, each line ending in <c>\n</c>:
/// </para>
/// <code>
/// pipeline-job/v1
/// provider=sandbox
/// model=flux-pro-1.1-ultra-finetuned
/// finetune_id=acme-brand-v3
/// prompt=A matte black ACME kettle
/// finetune_strength=0.8
/// seed=11
/// aspect_ratio=16:9
/// size=
/// output_format=jpeg
/// param.safety_tolerance=2
/// </code>
/// <list type="bullet">
/// <item>Fields always appear in this order; an unset field (<c>finetune_id</c>, <c>finetune_strength</c>,
/// <c>aspect_ratio</c> or <c>size</c>) has an empty value.</item>
/// <item>Values are escaped: <c>\</c> becomes <c>\\</c>, line feed <c>\n</c>, carriage return <c>\r</c>; text is
/// otherwise exact (no trimming, case folding or Unicode normalization).</item>
/// <item><c>prompt</c> is the prompt text; the prompt id is only a label and is not part of the id.</item>
/// <item>Numbers are culture-invariant; a strength or decimal param has trailing zeros removed
/// (<c>1</c>, <c>1.0</c> and <c>1.00</c> all give <c>1</c>); <c>size</c> is <c>WIDTHxHEIGHT</c>; booleans are <c>true</c>/<c>false</c>.</item>
/// <item>Params other than <c>output_format</c> follow as <c>param.NAME=VALUE</c>, sorted by name (ordinal).</item>
/// <item>Fill jobs only: <c>image_sha256=HEX</c> and (with a mask) <c>mask_sha256=HEX</c> follow, the lower-case SHA-256
/// of the input files' bytes. Jobs without inputs have no such lines, so their ids are those of earlier versions.</item>
/// </list>
/// <para>
/// Changing this form re-renders every existing campaign: bump the <c>v1</c> header and say so
/// in the release notes. <c>JobIdentityTests</c> pins one exact id.
/// </para>
/// </remarks>
internal static class JobIdentity
{
    /// <summary>The first line of the canonical text.</summary>
    public const string Header = "pipeline-job/v1";

    /// <summary>The id of <paramref name="job"/>'s request (its own <see cref="Job.Id"/> is ignored).</summary>
    /// <exception cref="IOException">The job's input image or mask cannot be read (they are hashed).</exception>
    public static JobId Compute(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Compute(job.Provider, job.Model, job.FinetuneId, job.Prompt, job.FinetuneStrength, job.Seed, job.AspectRatio, job.Size, job.OutputFormat, job.Params, FileSha256(job.ImagePath), FileSha256(job.MaskPath));
    }

    /// <summary>The lower-case hex SHA-256 of a file's bytes, or null for no file.</summary>
    public static string? FileSha256(string? path) =>
        path is null ? null : Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The id of a request with these fields; see the remarks for the canonical form.</summary>
    /// <param name="parameters">Fixed request fields; an <c>output_format</c> entry here is ignored in favour of <paramref name="outputFormat"/>.</param>
    public static JobId Compute(
        string provider,
        string model,
        string? finetuneId,
        string prompt,
        decimal? finetuneStrength,
        long seed,
        string? aspectRatio,
        ImageSize? size,
        string outputFormat,
        IReadOnlyDictionary<string, object> parameters,
        string? imageSha256 = null,
        string? maskSha256 = null) =>
        new Hasher(provider, model, outputFormat, parameters, imageSha256, maskSha256).Compute(finetuneId, prompt, finetuneStrength, seed, aspectRatio, size);

    /// <summary>The canonical text that is hashed (exposed for diagnostics and tests).</summary>
    public static string Canonical(
        string provider,
        string model,
        string? finetuneId,
        string prompt,
        decimal? finetuneStrength,
        long seed,
        string? aspectRatio,
        ImageSize? size,
        string outputFormat,
        IReadOnlyDictionary<string, object> parameters,
        string? imageSha256 = null,
        string? maskSha256 = null) =>
        new Hasher(provider, model, outputFormat, parameters, imageSha256, maskSha256).Canonical(finetuneId, prompt, finetuneStrength, seed, aspectRatio, size);

    /// <summary>
    /// Ids of many jobs that share provider, model, output format, params and inputs (a plan's jobs): the shared
    /// lines are written once and buffers are reused, so an id costs one SHA-256 and its 16-character string.
    /// Not thread-safe.
    /// </summary>
    internal sealed class Hasher
    {
        private readonly string _head;
        private readonly string _tail;
        private readonly StringBuilder _text = new(512);
        private readonly Dictionary<decimal, string> _strengths = [];
        private char[] _chars = new char[512];
        private byte[] _bytes = new byte[1024];

        public Hasher(string provider, string model, string outputFormat, IReadOnlyDictionary<string, object> parameters, string? imageSha256, string? maskSha256)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            var head = new StringBuilder().Append(Header).Append('\n');
            Line(head, "provider", provider);
            Line(head, "model", model);
            _head = head.ToString();

            var tail = new StringBuilder();
            Line(tail, "output_format", outputFormat);
            foreach (var (name, value) in parameters.Where(p => p.Key != "output_format").OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Line(tail, $"param.{name}", Value(value));
            }

            if (imageSha256 is not null)
            {
                Line(tail, "image_sha256", imageSha256);
            }

            if (maskSha256 is not null)
            {
                Line(tail, "mask_sha256", maskSha256);
            }

            _tail = tail.ToString();
        }

        public JobId Compute(string? finetuneId, string prompt, decimal? finetuneStrength, long seed, string? aspectRatio, ImageSize? size)
        {
            Write(finetuneId, prompt, finetuneStrength, seed, aspectRatio, size);
            var length = _text.Length;
            if (_chars.Length < length)
            {
                _chars = new char[length * 2];
                _bytes = new byte[Encoding.UTF8.GetMaxByteCount(length * 2)];
            }

            _text.CopyTo(0, _chars, 0, length);
            var count = Encoding.UTF8.GetBytes(_chars, 0, length, _bytes, 0);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(_bytes.AsSpan(0, count), hash);
            return new JobId(Convert.ToHexStringLower(hash[..8]));
        }

        public string Canonical(string? finetuneId, string prompt, decimal? finetuneStrength, long seed, string? aspectRatio, ImageSize? size)
        {
            Write(finetuneId, prompt, finetuneStrength, seed, aspectRatio, size);
            return _text.ToString();
        }

        private void Write(string? finetuneId, string prompt, decimal? finetuneStrength, long seed, string? aspectRatio, ImageSize? size)
        {
            var text = _text.Clear().Append(_head);
            Line(text, "finetune_id", finetuneId ?? string.Empty);
            Line(text, "prompt", prompt);
            Line(text, "finetune_strength", finetuneStrength is { } s ? Strength(s) : string.Empty);
            text.Append(CultureInfo.InvariantCulture, $"seed={seed}\n");
            Line(text, "aspect_ratio", aspectRatio ?? string.Empty);
            text.Append("size=");
            if (size is { } z)
            {
                text.Append(CultureInfo.InvariantCulture, $"{z.Width}x{z.Height}");
            }

            text.Append('\n').Append(_tail);
        }

        private string Strength(decimal value)
        {
            if (!_strengths.TryGetValue(value, out var canonical))
            {
                canonical = Decimals.Canonical(value);
                _strengths.Add(value, canonical);
            }

            return canonical;
        }
    }

    private static string Value(object value) => value switch
    {
        decimal d => Decimals.Canonical(d),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static void Line(StringBuilder text, string name, string value)
    {
        Escaped(text, name);
        Escaped(text.Append('='), value);
        text.Append('\n');
    }

    /// <summary>Appends <paramref name="value"/> with <c>\</c>, line feed and carriage return escaped.</summary>
    private static void Escaped(StringBuilder text, string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '\n', '\r') < 0)
        {
            text.Append(value);
            return;
        }

        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                _ => text.Append(c),
            };
        }
    }
}
