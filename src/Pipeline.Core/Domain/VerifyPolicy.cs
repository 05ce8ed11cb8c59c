namespace Pipeline.Domain;

/// <summary>What to do with an output the provider flags as NSFW.</summary>
public enum NsfwPolicy
{
    /// <summary>The job ends <c>nsfw_flagged</c> and its file is quarantined (default).</summary>
    Fail,

    /// <summary>The file is kept, the job succeeds, the audit row says <c>nsfw=true</c>.</summary>
    Flag,

    /// <summary>The flag is recorded and otherwise ignored.</summary>
    Allow,
}

/// <summary>The manifest's <c>verify:</c> block.</summary>
/// <param name="Nsfw">Default <see cref="NsfwPolicy.Fail"/>.</param>
/// <param name="Formats">Allowed file formats (<c>jpeg</c>, <c>png</c>); empty means "the requested format".</param>
/// <param name="SizeTolerancePx"><c>size_tolerance_px</c>: pixels each side may differ from the expected size. Default 0.</param>
/// <param name="Blank"><c>blank</c>: what a uniform image means. Default <see cref="BlankPolicy.Fail"/>.</param>
public sealed record VerifyPolicy(NsfwPolicy Nsfw, IReadOnlyList<string> Formats, int SizeTolerancePx = 0, BlankPolicy Blank = BlankPolicy.Fail)
{
    /// <summary>Largest <c>size_tolerance_px</c>: enough for a host's rounding, not enough to pass a wrong ratio.</summary>
    public const int MaxSizeTolerancePx = 64;

    public static VerifyPolicy Default { get; } = new(NsfwPolicy.Fail, []);
}
