using Pipeline.Audit;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Providers;
using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Imaging.Decoding;

namespace Pipeline.Verification;

/// <summary>
/// Checks a downloaded output against its job and the verification rules: format, declared type, pixel size,
/// integrity and the provider's NSFW flag. Returns every problem, not only the first.
/// </summary>
internal static class Verifier
{
    /// <summary>The verdict for one file under a manifest's <c>verify:</c> policy.</summary>
    /// <param name="reported">What the provider said the image is (fal <c>images[]</c>); each reported value must match the file.</param>
    public static Verdict Check(Job job, ImageFacts facts, VerifyPolicy policy, bool nsfw, ReportedImage? reported = null) =>
        Check(new VerifyInput(job, facts, nsfw, FillInputSize: FillInputSize(job), Reported: reported), VerificationRules.From(policy));

    /// <summary>
    /// The verdict for one decoded body (the run path): <paramref name="decoded"/> from <see cref="ImageVerification.Decode"/>,
    /// <paramref name="contentType"/> the response's, <paramref name="length"/> the bytes received.
    /// </summary>
    public static Verdict Check(Job job, DecodeVerdict decoded, long length, string? contentType, VerifyPolicy policy, bool nsfw, ReportedImage? reported = null)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        var input = new VerifyInput(job, decoded.ToFacts(length), nsfw, FillInputSize: FillInputSize(job), Reported: reported, Decoded: decoded, ContentType: contentType);
        return Check(input, VerificationRules.From(policy));
    }

    /// <summary>A fill job's output follows its input image: read that image's size (null when there is none).</summary>
    private static ImageSize? FillInputSize(Job job) =>
        job.ImagePath is { } path && File.Exists(path) && ImageInspector.Inspect(path) is { Width: { } width, Height: { } height }
            ? new ImageSize(width, height)
            : null;

    /// <summary>The verdict for one file.</summary>
    public static Verdict Check(VerifyInput input, VerificationRules rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        var (job, facts) = (input.Job, input.Facts);
        var problems = new List<string>();
        if (input.Decoded is { } decoded)
        {
            var notes = new List<string>();
            DecodedRules.Apply(input, decoded, rules, problems, notes);
            if (input.Reported is { } said)
            {
                CheckReported(said, facts, problems);
            }

            return new Verdict(problems, input.Nsfw && rules.Nsfw == NsfwPolicy.Fail, notes);
        }

        if (facts.Length == 0)
        {
            problems.Add("empty file");
        }

        if (facts.Format is null)
        {
            problems.Add("not a JPEG or PNG");
        }
        else
        {
            FormatProblems(job, facts.Format, input.DeclaredFormat, rules, problems);
            if (!facts.Complete)
            {
                problems.Add(facts.Format == "png" ? "truncated: no IEND" : "truncated: no EOI");
            }

            problems.AddRange(facts.Damage);
        }

        if (facts.Width is null || facts.Height is null)
        {
            problems.Add("pixel size unreadable");
        }
        else if (SizeProblem(new ImageSize(facts.Width.Value, facts.Height.Value), job, input.FillInputSize, rules) is { } size)
        {
            problems.Add(size);
        }

        if (input.Reported is { } reported)
        {
            CheckReported(reported, facts, problems);
        }

        var nsfwRejected = input.Nsfw && rules.Nsfw == NsfwPolicy.Fail;
        return new Verdict(problems, nsfwRejected);
    }

    private static void CheckReported(ReportedImage reported, ImageFacts facts, List<string> problems)
    {
        if (reported.Width is { } w && reported.Height is { } h && facts.Width is not null && facts.Height is not null
            && (facts.Width != w || facts.Height != h))
        {
            problems.Add($"size {facts.Width}x{facts.Height}, provider reported {w}x{h}");
        }

        if (reported.Format is { } format && facts.Format is not null && format != facts.Format)
        {
            problems.Add($"format {facts.Format}, provider reported {reported.ContentType}");
        }
    }

    /// <summary>
    /// The size the model returns for this job, or null when it is not known in advance: fill, and an Ultra ratio
    /// outside the size table, which is checked by <see cref="UltraSizeRule"/> instead (see <see cref="SizeProblem"/>).
    /// </summary>
    public static ImageSize? ExpectedSize(Job job, ImageSize? fillInputSize = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (ModelCatalog.Models.TryGetValue(job.Model, out var model) && model.Shape == ModelShape.Fill)
        {
            return fillInputSize;
        }

        if (job.Size is { } size)
        {
            return size;
        }

        return job.AspectRatio is { } ratio ? ModelCatalog.UltraSize(ratio) : null;
    }

    internal static void FormatProblems(Job job, string actual, string? declared, VerificationRules rules, List<string> problems)
    {
        var allowed = rules.Formats.Count > 0 ? rules.Formats : [job.OutputFormat];
        if (!allowed.Contains(actual, StringComparer.Ordinal))
        {
            problems.Add($"format {actual}, expected {string.Join('|', allowed)}");
        }
        else if (actual != job.OutputFormat)
        {
            problems.Add($"format {actual}, requested {job.OutputFormat}");
        }

        if (declared is not null && declared != actual)
        {
            problems.Add($"content is {actual} but declared {declared}");
        }
    }

    internal static string? SizeProblem(ImageSize actual, Job job, ImageSize? fillInputSize, VerificationRules rules)
    {
        // No host publishes these sizes: the rule's own slack stands in for size_tolerance_px (docs/architecture.md#44-any-ratio-a-provider-takes).
        if (job.Size is null && job.AspectRatio is { } ratio && ModelCatalog.RatioByRule(ratio) is { } byRule)
        {
            return UltraSizeRule.Problem(actual, byRule);
        }

        if (ExpectedSize(job, fillInputSize) is not { } expected)
        {
            return null;
        }

        var isFill = ModelCatalog.Models.TryGetValue(job.Model, out var model) && model.Shape == ModelShape.Fill;
        var tolerance = isFill ? Math.Max(rules.SizeTolerancePx, VerificationRules.FillSnapPx) : rules.SizeTolerancePx;
        var fits = Math.Abs(actual.Width - expected.Width) <= tolerance && Math.Abs(actual.Height - expected.Height) <= tolerance;
        return fits ? null : tolerance == 0 ? $"size {actual}, expected {expected}" : $"size {actual}, expected {expected} ±{tolerance}px";
    }
}

/// <summary>The outcome of verifying one file.</summary>
/// <param name="Problems">Empty when the file is fine.</param>
/// <param name="NsfwRejected">The provider flagged the output and the policy is <c>fail</c>.</param>
/// <param name="Notes">What a kept file's row notes after <c>ok</c> (<c>4096 bytes after EOI</c>, a flagged blank); null for none.</param>
public sealed record Verdict(IReadOnlyList<string> Problems, bool NsfwRejected, IReadOnlyList<string>? Notes = null)
{
    public bool Passed => Problems.Count == 0 && !NsfwRejected;

    /// <summary>
    /// The audit <c>verification</c> value as the contract has it: <c>ok</c> or the reasons, <c>;</c>-separated. A kept
    /// file's notes go to the row's <c>detail</c> (<see cref="NoteText"/>), so <c>verification == "ok"</c> holds for every
    /// image that passed.
    /// </summary>
    public string AuditText => Passed
        ? "ok"
        : string.Join(';', NsfwRejected ? [.. Problems, "nsfw"] : Problems);

    /// <summary>What a passed file's row notes in <c>detail</c> (<c>4096 bytes after EOI</c>, a flagged blank); null for none.</summary>
    public string? NoteText => Passed && Notes is { Count: > 0 } notes ? string.Join("; ", notes) : null;

    /// <summary>The audit status of a job whose output got this verdict.</summary>
    public JobStatus Status => Passed ? JobStatus.Succeeded : Problems.Count == 0 ? JobStatus.NsfwFlagged : JobStatus.VerificationFailed;
}
