using System.Globalization;

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
    private decimal _held;

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

    /// <summary>Reserved for tasks this run left with an unknown bill (in flight, or cut off mid-submit): counted, not billed.</summary>
    public decimal HeldUsd
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Why a job of <paramref name="neededUsd"/> does not fit: <c>budget: $1.12 billed + $0.84 reserved of $2, job needs $0.07</c>.</summary>
    public string Describe(decimal neededUsd)
    {
        lock (_gate)
        {
            return string.Create(CultureInfo.InvariantCulture, $"budget: ${_spent:0.00} billed + ${_reserved:0.00} reserved of ${LimitUsd:0.00}, job needs ${neededUsd:0.00}");
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

    /// <summary>
    /// Keeps a reservation of <paramref name="reservedUsd"/> counting against the cap without calling it billed: the
    /// job ended with its task's bill unknown (a rerun re-attaches to it or the ledger keeps counting it).
    /// </summary>
    public void Hold(decimal reservedUsd)
    {
        lock (_gate)
        {
            _held += reservedUsd;
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
