namespace Pipeline.Domain;

/// <summary>What to do with an output whose pixels are uniform (the blacked-out image a safety checker returns).</summary>
public enum BlankPolicy
{
    /// <summary>The job ends <c>verification_failed</c> with <c>blank (uniform #000000)</c>; the file is quarantined (default).</summary>
    Fail,

    /// <summary>The file is kept and the job succeeds; the audit <c>verification</c> column notes the blank.</summary>
    Flag,

    /// <summary>Blank images are kept without a note.</summary>
    Allow,
}
