using System.Globalization;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Cli.Commands;

/// <summary>
/// Live counts of a run for the progress bar and the plain progress line (issue 14, item 7): done of total,
/// failed, cancelled, billed spend and an ETA from the pace so far. Thread-safe; jobs finish on many threads.
/// </summary>
internal sealed class ProgressTally(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly long _started = time.GetTimestamp();
    private int _done;
    private int _ok;
    private int _failed;
    private int _cancelled;
    private int _skipped;
    private decimal _billed;
    private int _total;
    private int? _renditionsPending;

    /// <summary>Jobs this run renders (set when the run has checked what is already verified).</summary>
    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }

        set
        {
            lock (_gate)
            {
                _total = value;
            }
        }
    }

    public int Done
    {
        get
        {
            lock (_gate)
            {
                return _done;
            }
        }
    }

    /// <summary>Masters still waiting for their renditions when the last job ended; the run ends once they are derived.</summary>
    public int? RenditionsPending
    {
        set
        {
            lock (_gate)
            {
                _renditionsPending = value;
            }
        }
    }

    public void Add(AuditRow row)
    {
        lock (_gate)
        {
            _done++;
            _billed += row.CostUsd;
            switch (row.Status)
            {
                case JobStatus.Succeeded:
                    _ok++;
                    break;
                case JobStatus.Cancelled:
                    _cancelled++;
                    break;
                case JobStatus.SkippedBudget:
                    _skipped++;
                    break;
                default:
                    _failed++;
                    break;
            }
        }
    }

    /// <summary><c>12/36 done (11 ok, 1 failed), $0.84 billed, ETA 0:42</c>, then what the run still waits for.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            var inv = CultureInfo.InvariantCulture;
            var parts = new List<string> { string.Create(inv, $"{_ok} ok"), string.Create(inv, $"{_failed} failed") };
            if (_cancelled > 0)
            {
                parts.Add(string.Create(inv, $"{_cancelled} cancelled"));
            }

            if (_skipped > 0)
            {
                parts.Add(string.Create(inv, $"{_skipped} skipped_budget"));
            }

            var renditions = _renditionsPending is > 0 and var left ? string.Create(inv, $"; deriving the renditions of the last {left} masters") : string.Empty;
            return string.Create(inv, $"{_done}/{_total} done ({string.Join(", ", parts)}), ${_billed} billed, ETA {Eta()}{renditions}");
        }
    }

    private string Eta()
    {
        var elapsed = time.GetElapsedTime(_started);
        if (_done == 0 || _done >= _total)
        {
            return _done >= _total ? "0:00" : "unknown";
        }

        var left = TimeSpan.FromTicks(elapsed.Ticks / _done * (_total - _done));
        return left.TotalHours >= 1 ? left.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : left.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}
