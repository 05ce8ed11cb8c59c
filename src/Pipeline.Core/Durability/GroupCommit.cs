using Microsoft.Win32.SafeHandles;

namespace Pipeline.Durability;

/// <summary>
/// Group commit for an append-only file (the ledger, the audit log). A writer hands its bytes to the OS under the
/// file's own lock and takes a ticket with <see cref="Written"/>; then, outside that lock, <see cref="WaitDurable"/>
/// returns once the append is on disk. One fsync runs at a time and covers every append written before it began, so
/// appends that arrive while one is running share the next one instead of queueing an fsync each: with 24 jobs in
/// flight that is a few fsyncs per wave of submits rather than one per job, on disks where an fsync costs a millisecond.
/// </summary>
/// <param name="file">The open file; fsynced with <see cref="RandomAccess.FlushToDisk"/>, which writers do not disturb.</param>
internal sealed class GroupCommit(SafeFileHandle file)
{
    private readonly Lock _flushing = new();
    private long _written;
    private long _durable;
    private long _flushes;
    private Exception? _failure;

    /// <summary>How many fsyncs ran.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>
    /// Counts an append the OS now holds and returns its ticket. Call it under the writer's lock, after the bytes are
    /// written (not buffered in the process), so tickets follow the file's order.
    /// </summary>
    public long Written() => Interlocked.Increment(ref _written);

    /// <summary>Returns once the append with <paramref name="ticket"/>, and so every earlier one, is on disk.</summary>
    /// <exception cref="IOException">
    /// The fsync failed (disk gone, full, or read-only), now or earlier: after a failed fsync Linux may drop the dirty
    /// pages and let the next fsync succeed, so no later append is ever reported durable (as PostgreSQL treats it).
    /// </exception>
    public void WaitDurable(long ticket)
    {
        if (Interlocked.Read(ref _durable) >= ticket)
        {
            return;
        }

        lock (_flushing)
        {
            if (_failure is not null)
            {
                throw new IOException($"An earlier fsync of this file failed ({_failure.Message}); nothing written since can be called durable.", _failure);
            }

            if (_durable >= ticket)
            {
                return; // The fsync that ran while this thread waited began after its append.
            }

            var covered = Interlocked.Read(ref _written);
            try
            {
                RandomAccess.FlushToDisk(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                _failure = ex;
                throw;
            }

            Interlocked.Increment(ref _flushes);
            Interlocked.Exchange(ref _durable, covered);
        }
    }
}
