namespace Pipeline.Imaging.Decoding;

/// <summary>Bounds on one decode, so a hostile or broken body cannot exhaust memory or time.</summary>
internal sealed record DecodeLimits
{
    /// <summary>The defaults: 64 MP, 512 MB per buffer, 10 s per decode, declared type must match.</summary>
    public static DecodeLimits Default { get; } = new();

    /// <summary>Largest pixel count (width × height) decoded; larger is refused from the header alone. Default 64,000,000.</summary>
    public long MaxPixels { get; init; } = 64_000_000;

    /// <summary>
    /// Largest single buffer the decoder may allocate, in megabytes (ImageSharp 2.1 <c>AllocationLimitMegabytes</c>,
    /// a per-buffer cap). Default 512: a 64 MP RGBA frame is 256 MB.
    /// </summary>
    public int MaxBufferMegabytes { get; init; } = 512;

    /// <summary>Wall time allowed for the structural walk and the decode together. Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When true (the default) an image body whose declared <c>image/*</c> type names another format fails
    /// (<c>format: declared image/jpeg, bytes are PNG</c>); when false the mismatch is only noted.
    /// </summary>
    public bool RequireDeclaredFormat { get; init; } = true;

    /// <summary>The clock behind <see cref="Timeout"/>; tests pass a manual one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
