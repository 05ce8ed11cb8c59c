using System.Net;
using System.Security.Cryptography;

namespace Pipeline.Execution;

/// <summary>
/// Streams a result URL to a temporary file while hashing it (SHA-256), with a size limit and a magic-byte check.
/// Result URLs expire (BFL 10 min, Replicate 1 h), so the executor downloads as soon as a task is ready.
/// Never sends provider credentials: the delivery host is not the API host.
/// </summary>
public sealed class ImageDownloader(HttpClient http)
{
    /// <summary>Largest accepted file. A 4 MP PNG is about 12 MB; 64 MB leaves room without risking the disk.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];

    /// <summary>Downloads <paramref name="url"/> to <paramref name="tempPath"/> (overwritten).</summary>
    /// <exception cref="DownloadException">The URL expired, the body was cut short, too large, or not an image.</exception>
    public async Task<DownloadedImage> DownloadAsync(Uri url, string tempPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DownloadException($"download failed: {ex.HttpRequestError}", DownloadFailure.Transient, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DownloadException("download timed out", DownloadFailure.Transient, ex);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                throw new DownloadException($"result URL expired (HTTP {(int)response.StatusCode})", DownloadFailure.Expired);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new DownloadException($"download failed: HTTP {(int)response.StatusCode}", DownloadFailure.Transient);
            }

            var declared = response.Content.Headers.ContentLength;
            if (declared > MaxBytes)
            {
                throw new DownloadException($"result is {declared} bytes, over the {MaxBytes}-byte limit", DownloadFailure.Invalid);
            }

            try
            {
                return await CopyAsync(response, declared, tempPath, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                TryDelete(tempPath);
                throw new DownloadException("download cut off mid-body", DownloadFailure.Transient, ex);
            }
            catch
            {
                TryDelete(tempPath);
                throw;
            }
        }
    }

    /// <summary>
    /// Writes an image the provider sent inline (OpenAI <c>b64_json</c>, a <c>data:</c> URI) to <paramref name="tempPath"/>
    /// with the same size limit, magic-byte check and hash as a download.
    /// </summary>
    /// <exception cref="DownloadException">The bytes are too large or not an image.</exception>
    public static async Task<DownloadedImage> SaveAsync(ReadOnlyMemory<byte> bytes, string tempPath, CancellationToken cancellationToken)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new DownloadException($"inline result is {bytes.Length} bytes, over the {MaxBytes}-byte limit", DownloadFailure.Invalid);
        }

        var format = Sniff(bytes.Span[..Math.Min(8, bytes.Length)])
            ?? throw new DownloadException("inline result is neither JPEG nor PNG (magic bytes)", DownloadFailure.Invalid);
        await using (var target = new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await target.WriteAsync(bytes, cancellationToken);
            await target.FlushAsync(cancellationToken);
        }

        return new DownloadedImage(tempPath, Convert.ToHexStringLower(SHA256.HashData(bytes.Span)), bytes.Length, format);
    }

    private static async Task<DownloadedImage> CopyAsync(HttpResponseMessage response, long? declared, string tempPath, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[8];
        var headLength = 0;
        long total = 0;
        await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken))
        await using (var target = new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > MaxBytes)
                {
                    throw new DownloadException($"result exceeds the {MaxBytes}-byte limit", DownloadFailure.Invalid);
                }

                if (headLength < head.Length)
                {
                    var take = Math.Min(head.Length - headLength, read);
                    Array.Copy(buffer, 0, head, headLength, take);
                    headLength += take;
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await target.FlushAsync(cancellationToken);
        }

        if (declared is { } length && total != length)
        {
            throw new DownloadException($"result truncated: {total} of {length} bytes", DownloadFailure.Transient);
        }

        var format = Sniff(head.AsSpan(0, headLength))
            ?? throw new DownloadException("result is neither JPEG nor PNG (magic bytes)", DownloadFailure.Invalid);
        return new DownloadedImage(tempPath, Convert.ToHexStringLower(hash.GetHashAndReset()), total, format);
    }

    /// <summary>The format named by the file's first bytes, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith(PngMagic) ? "png" : head.StartsWith(JpegMagic) ? "jpeg" : null;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover temp file is harmless: the next attempt overwrites it.
        }
    }
}

/// <summary>A fully downloaded result in a temporary file.</summary>
/// <param name="Format"><c>jpeg</c> or <c>png</c>, from the magic bytes.</param>
public sealed record DownloadedImage(string TempPath, string Sha256, long Length, string Format);

/// <summary>Why a download failed, which decides what the executor does next.</summary>
public enum DownloadFailure
{
    /// <summary>Cut short or a transient HTTP error: download again.</summary>
    Transient,

    /// <summary>The URL expired: poll once more for a fresh URL.</summary>
    Expired,

    /// <summary>Not an image or too large: the job fails.</summary>
    Invalid,
}

/// <summary>A download that did not produce a complete image.</summary>
public sealed class DownloadException : Exception
{
    public DownloadException(string message, DownloadFailure failure, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    public DownloadException()
        : this("download failed", DownloadFailure.Transient)
    {
    }

    public DownloadException(string message)
        : this(message, DownloadFailure.Transient)
    {
    }

    public DownloadException(string message, Exception innerException)
        : this(message, DownloadFailure.Transient, innerException)
    {
    }

    public DownloadFailure Failure { get; }
}
