namespace Pipeline.Execution;

/// <summary>
/// A spending cap that can never be exceeded: a job reserves its estimated price before submit, and the
/// reservation is settled to the billed amount (0 for moderated or unbilled failures) when the job ends.
/// Thread-safe. Spend from earlier runs is carried in, so the cap holds across reruns.
/// </summary>
public sealed class Budget(decimal? limitUsd, decimal spentBeforeUsd = 0m)
{
    private readonly Lock _gate = new();
    private decimal _spent = spentBeforeUsd;
    private decimal _reserved;

    /// <summary>The cap, or null when the manifest sets none.</summary>
    public decimal? LimitUsd { get; } = limitUsd;

    /// <summary>Billed so far, this run and the ones before.</summary>
    public decimal SpentUsd
    {
        get
        {
            lock (_gate)
            {
                return _spent;
            }
        }
    }

    /// <summary>Reserves <paramref name="amountUsd"/> if spent + reserved + amount stays within the cap.</summary>
    public bool TryReserve(decimal amountUsd)
    {
        lock (_gate)
        {
            if (LimitUsd is { } limit && _spent + _reserved + amountUsd > limit)
            {
                return false;
            }

            _reserved += amountUsd;
            return true;
        }
    }

    /// <summary>Reserves <paramref name="amountUsd"/> even past the cap: for a task already paid for in an earlier run.</summary>
    public void ForceReserve(decimal amountUsd)
    {
        lock (_gate)
        {
            _reserved += amountUsd;
        }
    }

    /// <summary>Replaces a reservation of <paramref name="reservedUsd"/> with the billed <paramref name="billedUsd"/>.</summary>
    public void Settle(decimal reservedUsd, decimal billedUsd)
    {
        lock (_gate)
        {
            _reserved -= reservedUsd;
            _spent += billedUsd;
        }
    }
}
