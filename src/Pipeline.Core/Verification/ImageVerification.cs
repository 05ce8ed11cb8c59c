using Pipeline.Imaging.Decoding;

namespace Pipeline.Verification;

/// <summary>
/// The one decoding check every path uses (the run, <c>pipeline verify</c>, <c>pipeline inspect</c>), so a rerun never
/// trusts a file that would fail today (docs/architecture.md#29-verification-decodes).
/// </summary>
internal static class ImageVerification
{
    /// <summary>
    /// <see cref="ImageDecodeCheck"/> under the default limits, except that a declared <c>image/*</c> type naming
    /// another image format is only noted: a gateway's label is no reason to pay for a valid image again.
    /// </summary>
    /// <param name="contentType">The response's Content-Type; null for a file on disk.</param>
    /// <param name="time">The clock behind the decode timeout.</param>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public static DecodeVerdict Decode(ReadOnlyMemory<byte> bytes, string? contentType, TimeProvider time, CancellationToken ct) =>
        ImageDecodeCheck.Check(bytes, contentType, DecodeLimits.Default with { RequireDeclaredFormat = false, Clock = time }, ct);

    /// <summary>True for bytes that are an image format at all (JPEG, PNG, WebP), whatever else is wrong with them.</summary>
    public static bool IsImage(this DecodeVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.Format is BodyKind.Jpeg or BodyKind.Png or BodyKind.Webp;
    }
}
