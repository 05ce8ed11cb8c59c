using Pipeline.Domain;
using Pipeline.Imaging;

namespace Pipeline.Verification;

/// <summary>What <c>pipeline verify</c> found for one job or file.</summary>
public enum CheckResult
{
    /// <summary>The kept file matches its audit row, sidecar, embedded record and ledger.</summary>
    Ok,

    /// <summary>A kept file is missing, changed or damaged, or disagrees with its records.</summary>
    Failed,

    /// <summary>A file in <c>images/</c> that no audit row claims.</summary>
    Orphan,

    /// <summary>The ledger has an acknowledged submit with no outcome after it: paid for, not recorded.</summary>
    InFlight,

    /// <summary>The ledger settled a job that no audit log has a row for.</summary>
    Unaudited,

    /// <summary>The job's output failed verification at download and sits in <c>quarantine/</c>.</summary>
    Quarantined,

    /// <summary>The job has no output (moderated, failed, skipped, cancelled): nothing to check.</summary>
    NoOutput,
}

/// <summary>One line of the verification: a job's output or a stray file.</summary>
/// <param name="File">Relative to the campaign folder; null for a job with no file.</param>
/// <param name="Status">The job's latest audit status (wire form), null for orphans.</param>
/// <param name="Problems">Why it is not <see cref="CheckResult.Ok"/>; for <c>no_output</c>, what happened.</param>
/// <param name="Sha256">Of the file as found on disk, when there is one.</param>
/// <param name="Facts">What the file really is, when there is one.</param>
/// <param name="Rendition">The rendition name when the file is a rendition (from <c>renditions.csv</c>); null for masters.</param>
public sealed record FileCheck(string? File, string? JobId, string? Status, CheckResult Result, IReadOnlyList<string> Problems, string? Sha256 = null, ImageFacts? Facts = null, string? Rendition = null)
{
    /// <summary>Results that make <c>pipeline verify</c> exit 1.</summary>
    public bool IsProblem => Result is CheckResult.Failed or CheckResult.Orphan or CheckResult.InFlight or CheckResult.Unaudited;
}

/// <summary>Wire names of <see cref="CheckResult"/> (the <c>result</c> column of <c>verification.csv</c>).</summary>
public static class CheckResultNames
{
    public static string ToWire(this CheckResult result) => result switch
    {
        CheckResult.Ok => "ok",
        CheckResult.Failed => "failed",
        CheckResult.Orphan => "orphan",
        CheckResult.InFlight => "in_flight",
        CheckResult.Unaudited => "unaudited",
        CheckResult.Quarantined => "quarantined",
        CheckResult.NoOutput => "no_output",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };
}
