using Pipeline.Manifests;
using Pipeline.Domain;

namespace Pipeline.Verification;

/// <summary>What the <see cref="Verifier"/> enforces: the manifest's <c>verify:</c> block.</summary>
/// <param name="Nsfw">What a provider NSFW flag means. Default <see cref="NsfwPolicy.Fail"/>.</param>
/// <param name="Formats">Allowed formats (<c>jpeg</c>, <c>png</c>); empty means "the requested format".</param>
/// <param name="SizeTolerancePx">
/// How many pixels each side may differ from the expected size. Default 0: Ultra and FLUX.1 [pro] sizes are exact.
/// Fill outputs always get at least <see cref="FillSnapPx"/>, because BFL may snap the input size (docs/providers.md#output-sizes-fill).
/// Manifest key: <c>verify.size_tolerance_px</c>.
/// </param>
/// <param name="Blank">What a uniform image means (manifest key <c>verify.blank</c>). Default <see cref="BlankPolicy.Fail"/>.</param>
internal sealed record VerificationRules(NsfwPolicy Nsfw, IReadOnlyList<string> Formats, int SizeTolerancePx = 0, BlankPolicy Blank = BlankPolicy.Fail)
{
    /// <summary>Fill output is "≈ input size, possibly snapped" to a multiple of 32: up to 31 pixels off.</summary>
    public const int FillSnapPx = 31;

    public static VerificationRules Default { get; } = From(VerifyPolicy.Default);

    /// <summary>The rules a manifest's <c>verify:</c> block sets.</summary>
    public static VerificationRules From(VerifyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new VerificationRules(policy.Nsfw, policy.Formats, policy.SizeTolerancePx, policy.Blank);
    }

    /// <summary>Every problem with these rules (a negative tolerance, an unknown format), all at once.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SizeTolerancePx < 0)
        {
            errors.Add($"size tolerance must be 0 or more pixels, not {SizeTolerancePx}");
        }

        errors.AddRange(Formats.Where(f => f is not "jpeg" and not "png").Select(f => $"format '{f}' is not one of jpeg, png"));
        return errors;
    }
}
