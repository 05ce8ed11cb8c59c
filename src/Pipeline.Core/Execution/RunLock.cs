namespace Pipeline.Execution;

/// <summary>
/// An exclusive lock on a campaign (shard) for the length of a run. The operating system releases it when the
/// process ends, even by <c>kill -9</c>, so a crash never leaves a stale lock behind.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    /// <exception cref="CampaignBusyException">Another process holds the lock.</exception>
    public static RunLock Acquire(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder.Root);
        try
        {
            var stream = new FileStream(folder.RunLockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId}\n"));
            stream.Flush(flushToDisk: true);
            return new RunLock(stream);
        }
        catch (IOException ex)
        {
            var what = folder.Shard.IsWhole ? "campaign" : $"shard {folder.Shard} of campaign";
            throw new CampaignBusyException($"another process is already running this {what} ({folder.Root}); wait for it to finish or stop it first.", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>The campaign (shard) is being run by another process. Exit code 2: nothing was called or written.</summary>
public sealed class CampaignBusyException : Exception
{
    public CampaignBusyException()
    {
    }

    public CampaignBusyException(string message)
        : base(message)
    {
    }

    public CampaignBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
