using System.Net;
using System.Security.Cryptography;
using Pipeline.Imaging;

namespace Pipeline.Execution;

/// <summary>
/// Fetches a result URL into memory while hashing it (SHA-256), with a size limit. A body that is not an image (an
/// HTML error page, an empty body) is kept too, with its content type and response headers, for the verifier to judge
/// and quarantine (docs/architecture.md#29-verification-decodes).
/// Result URLs expire (BFL 10 min, Replicate 1 h), so the executor downloads as soon as a task is ready.
/// Never sends provider credentials: the delivery host is not the API host.
/// </summary>
/// <remarks>
/// The bytes stay in a pooled buffer until they are verified and written once, with their provenance, to the
/// campaign folder: one file created per image and none deleted, which keeps file-system work per job constant
/// (ext4 without a journal scans past recently freed inodes on every create).
/// </remarks>
public sealed class ImageDownloader(HttpClient http)
{
    /// <summary>Largest accepted file. A 4 MP PNG is about 12 MB; 64 MB leaves room without risking memory.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>Downloads <paramref name="url"/>; the caller disposes the result to give its buffer back.</summary>
    /// <exception cref="DownloadException">The URL expired, the body was cut short or too large.</exception>
    public async Task<DownloadedImage> DownloadAsync(Uri url, CancellationToken cancellationToken)
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
                return await ReadAsync(response, (int?)declared, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                throw new DownloadException("download cut off mid-body", DownloadFailure.Transient, ex);
            }
        }
    }

    /// <summary>
    /// Takes an image the provider sent inline (OpenAI <c>b64_json</c>, a <c>data:</c> URI) with the same size limit
    /// and hash as a download.
    /// </summary>
    /// <exception cref="DownloadException">The bytes are too large.</exception>
    public static DownloadedImage FromInline(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new DownloadException($"inline result is {bytes.Length} bytes, over the {MaxBytes}-byte limit", DownloadFailure.Invalid);
        }

        var format = ImageInspector.Sniff(bytes.Span[..Math.Min(8, bytes.Length)]);
        return new DownloadedImage(ImageBytes.Wrap(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes.Span)), format);
    }

    private static async Task<DownloadedImage> ReadAsync(HttpResponseMessage response, int? declared, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var bytes = ImageBytes.Rent(declared ?? 256 * 1024);
        try
        {
            await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                while (true)
                {
                    if (bytes.Free.Length == 0)
                    {
                        if (bytes.Length >= MaxBytes)
                        {
                            // One byte more than the limit allows says the body is too large without reading it all.
                            var probe = new byte[1];
                            if (await source.ReadAsync(probe, cancellationToken) > 0)
                            {
                                throw new DownloadException($"result exceeds the {MaxBytes}-byte limit", DownloadFailure.Invalid);
                            }

                            break;
                        }

                        bytes.Grow(MaxBytes);
                    }

                    var read = await source.ReadAsync(bytes.Free, cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    hash.AppendData(bytes.Free.Span[..read]);
                    bytes.Advance(read);
                }
            }

            if (declared is { } length && bytes.Length != length)
            {
                throw new DownloadException($"result truncated: {bytes.Length} of {length} bytes", DownloadFailure.Transient);
            }

            var format = ImageInspector.Sniff(bytes.Span[..Math.Min(8, bytes.Length)]);
            return new DownloadedImage(bytes, Convert.ToHexStringLower(hash.GetHashAndReset()), format)
            {
                ContentType = response.Content.Headers.ContentType?.ToString(),
                Headers = ResponseHeaders.Describe(response),
            };
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }
}

/// <summary>A complete image in memory, not yet in the campaign folder. Dispose it to return its buffer.</summary>
/// <param name="Sha256">SHA-256 of the provider's bytes, lowercase hex.</param>
/// <param name="Format"><c>jpeg</c> or <c>png</c> from the magic bytes; null for anything else (the verifier says what).</param>
public sealed record DownloadedImage(ImageBytes Bytes, string Sha256, string? Format) : IDisposable
{
    /// <summary>The response's Content-Type; null for an inline image or when the response had none.</summary>
    public string? ContentType { get; init; }

    /// <summary>The response's status line and headers, secrets left out (<see cref="ResponseHeaders"/>); null for an inline image.</summary>
    public string? Headers { get; init; }

    public void Dispose() => Bytes.Dispose();
}

/// <summary>Why a download failed, which decides what the executor does next.</summary>
internal enum DownloadFailure
{
    /// <summary>Cut short or a transient HTTP error: download again.</summary>
    Transient,

    /// <summary>The URL expired: poll once more for a fresh URL.</summary>
    Expired,

    /// <summary>Not an image or too large: the job fails.</summary>
    Invalid,
}

/// <summary>A download that did not produce a complete image.</summary>
internal sealed class DownloadException : Exception
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
