using Pipeline.Records;
using Pipeline.Domain;

namespace Pipeline.Execution;

/// <summary>
/// An exclusive lock on a campaign (shard) for the length of a run. The operating system releases it when the
/// process ends, even by <c>kill -9</c>, so a crash never leaves a stale lock behind.
/// </summary>
/// <remarks>
/// Runs whose job sets overlap exclude each other too: the whole campaign and any shard, or shards of different
/// counts (<c>1/2</c> and <c>1/3</c>). Holding its own lock, a run probes theirs with a shared open, which fails
/// only while another process holds one; shards of the same count probe nothing of each other's, so the pods of
/// an indexed job can all start at once.
/// </remarks>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    /// <exception cref="CampaignBusyException">Another process holds the lock.</exception>
    public static RunLock Acquire(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder.Root);
        FileStream stream;
        try
        {
            stream = new FileStream(folder.RunLockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException) && ex.HResult != NoSpace)
        {
            var what = folder.Shard.IsWhole ? "campaign" : $"shard {folder.Shard} of campaign";
            throw new CampaignBusyException($"another process is already running this {what} ({folder.Root}); wait for it to finish or stop it first.", ex);
        }

        try
        {
            if (OverlappingRunning(folder) is { } other)
            {
                throw new CampaignBusyException($"another process is running {other} of this campaign ({folder.Root}), whose jobs overlap; wait for it to finish or stop it first.");
            }

            // Outside the busy check: a full disk here is a storage failure, not another process (issue 14, item 13).
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId}\n"));
            stream.Flush(flushToDisk: true);
            return new RunLock(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>ENOSPC, the errno .NET on Unix reports as an <see cref="IOException"/>'s HResult.</summary>
    private const int NoSpace = 28;

    public void Dispose() => _stream.Dispose();

    /// <summary>The run (<c>the whole campaign</c> or <c>shard i/n</c>) holding a lock whose jobs overlap this one's, or null.</summary>
    private static string? OverlappingRunning(CampaignFolder folder)
    {
        foreach (var path in Directory.EnumerateFiles(folder.Root, ".running*"))
        {
            var suffix = Path.GetFileName(path)[".running".Length..];
            Shard? other = suffix.Length == 0 ? Shard.Whole : ParseSuffix(suffix);
            if (other is not { } shard || shard == folder.Shard || (!shard.IsWhole && !folder.Shard.IsWhole && shard.Count == folder.Shard.Count))
            {
                continue;
            }

            try
            {
                using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            }
            catch (IOException)
            {
                return shard.IsWhole ? "the whole campaign" : $"shard {shard}";
            }
        }

        return null;
    }

    /// <summary><c>.shard-2-of-4</c> → 2/4; anything else → null.</summary>
    private static Shard? ParseSuffix(string suffix)
    {
        var parts = suffix.Split('-');
        return parts is [".shard", var index, "of", var count]
            && int.TryParse(index, System.Globalization.CultureInfo.InvariantCulture, out var i)
            && int.TryParse(count, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= 1 && i >= 1 && i <= n
            ? new Shard(i, n)
            : null;
    }
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
