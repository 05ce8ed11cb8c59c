namespace Pipeline.Planning;

/// <summary>
/// <c>run --locked</c> cannot reproduce the lock (none, the manifest changed, the plan differs), or the lock file is
/// unreadable. Nothing was called or written; the CLI exits 2.
/// </summary>
public sealed class CampaignLockException : Exception
{
    public CampaignLockException()
    {
    }

    public CampaignLockException(string message)
        : base(message)
    {
    }

    public CampaignLockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
