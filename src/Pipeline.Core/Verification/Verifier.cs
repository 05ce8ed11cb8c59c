using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Providers;

namespace Pipeline.Verification;

/// <summary>
/// Checks a downloaded output against its job and the manifest's policy: format, pixel size, integrity
/// and the provider's NSFW flag. Returns every problem, not only the first.
/// </summary>
public static class Verifier
{
    /// <summary>The verdict for one file.</summary>
    /// <param name="reported">What the provider said the image is (fal <c>images[]</c>); each reported value must match the file.</param>
    public static Verdict Check(Job job, ImageFacts facts, VerifyPolicy policy, bool nsfw, ReportedImage? reported = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new List<string>();
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
            var allowed = policy.Formats.Count > 0 ? policy.Formats : [job.OutputFormat];
            if (!allowed.Contains(facts.Format, StringComparer.Ordinal))
            {
                problems.Add($"format {facts.Format}, expected {string.Join('|', allowed)}");
            }
            else if (facts.Format != job.OutputFormat)
            {
                problems.Add($"format {facts.Format}, requested {job.OutputFormat}");
            }

            if (!facts.Complete)
            {
                problems.Add(facts.Format == "png" ? "truncated: no IEND" : "truncated: no EOI");
            }
        }

        if (facts.Width is null || facts.Height is null)
        {
            problems.Add("pixel size unreadable");
        }
        else if (ExpectedSize(job) is { } expected && (facts.Width != expected.Width || facts.Height != expected.Height))
        {
            problems.Add($"size {facts.Width}x{facts.Height}, expected {expected}");
        }

        if (reported is not null)
        {
            CheckReported(reported, facts, problems);
        }

        var nsfwFails = nsfw && policy.Nsfw == NsfwPolicy.Fail;
        return new Verdict(problems, nsfwFails);
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

    /// <summary>The size the model returns for this job, or null when it is not known in advance (fill).</summary>
    public static ImageSize? ExpectedSize(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Size is { } size)
        {
            return size;
        }

        return job.AspectRatio is { } ratio ? ModelCatalog.UltraSize(ratio) : null;
    }
}

/// <summary>The outcome of verifying one file.</summary>
/// <param name="Problems">Empty when the file is fine.</param>
/// <param name="NsfwRejected">The provider flagged the output and the policy is <c>fail</c>.</param>
public sealed record Verdict(IReadOnlyList<string> Problems, bool NsfwRejected)
{
    public bool Passed => Problems.Count == 0 && !NsfwRejected;

    /// <summary>The audit <c>verification</c> value: <c>ok</c> or the reasons, <c>;</c>-separated.</summary>
    public string AuditText => Problems.Count == 0 ? (NsfwRejected ? "nsfw" : "ok") : string.Join(';', Problems);
}
