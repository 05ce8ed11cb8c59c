namespace Pipeline.Cli;

/// <summary>Exit codes (docs/architecture.md#contract-command-line).</summary>
internal static class ExitCodes
{
    /// <summary>Every planned job ends verified.</summary>
    public const int Ok = 0;

    /// <summary>Some job failed, was moderated or failed verification (the rest still ran).</summary>
    public const int JobsFailed = 1;

    /// <summary>Invalid manifest or usage: nothing was called or written.</summary>
    public const int InvalidInput = 2;

    /// <summary>Interrupted; state kept, a rerun resumes.</summary>
    public const int Interrupted = 130;
}
