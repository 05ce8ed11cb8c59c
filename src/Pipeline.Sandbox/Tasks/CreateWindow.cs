namespace Pipeline.Sandbox.Tasks;

/// <summary>A sliding one-minute window of accepted creates, for Replicate's per-minute limit (docs/providers.md#replicate-limits-and-retention).</summary>
internal sealed class CreateWindow(int? perMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _recent = new();

    /// <summary>Takes a slot at <paramref name="now"/>, or returns how long until one frees.</summary>
    public TimeSpan? TryTake(DateTimeOffset now)
    {
        if (perMinute is not { } limit)
        {
            return null;
        }

        lock (_gate)
        {
            while (_recent.TryPeek(out var oldest) && oldest + Window <= now)
            {
                _recent.Dequeue();
            }

            if (_recent.Count >= limit)
            {
                var wait = _recent.Peek() + Window - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
            }

            _recent.Enqueue(now);
            return null;
        }
    }
}
