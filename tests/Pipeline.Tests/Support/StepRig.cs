using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Domain;
using Pipeline.Execution;
using Pipeline.Records;

namespace Pipeline.Tests.Support;

/// <summary>
/// One run's services for testing the executor's steps: a fake clock that knows when the code is parked on it
/// (<see cref="ParkingTimeProvider"/>), a fixed jitter, a <see cref="ScriptedProvider"/>, and a real ledger and audit
/// log in a temp folder.
/// </summary>
internal sealed class StepRig : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Ledger _ledger;
    private readonly AuditLog _audit;
    private RunServices? _services;

    public StepRig(ExecutorOptions? options = null, int? requestsPerMinute = null)
    {
        Options = options ?? new ExecutorOptions { Concurrency = 2, RetryBaseDelay = TimeSpan.FromSeconds(1), InitialServiceTime = TimeSpan.FromSeconds(8) };
        Options.RequestsPerMinute = requestsPerMinute ?? Options.RequestsPerMinute;
        Provider = new ScriptedProvider(Time);
        Folder = CampaignFolder.For(_dir.Path, "acme-spring");
        Folder.Create();
        _ledger = Ledger.Open(Folder.LedgerPath);
        _audit = AuditLog.Open(Folder.AuditPath, Time);
        Gate = new RateGate(Options.Concurrency, Options.RequestsPerMinute, Time);
        Schedule = new PollSchedule(Options.InitialServiceTime, Options.MinPollInterval, Options.MaxPollInterval);
        Budget = new Budget(null);
    }

    public ParkingTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public ExecutorOptions Options { get; }

    public ScriptedProvider Provider { get; }

    public CampaignFolder Folder { get; }

    public RateGate Gate { get; }

    public PollSchedule Schedule { get; }

    public Budget Budget { get; }

    public Dictionary<string, LedgerEntry> InFlight { get; } = new(StringComparer.Ordinal);

    public List<string> Stops { get; } = [];

    /// <summary>Built on first use, so a test can change the options first.</summary>
    public RunServices Services => _services ??= new RunServices(
        Provider,
        new RunContext("20260301T090000Z-ab12", Folder, VerifyPolicy.Default, new string('0', 64), _audit, _ledger, Budget, InFlight),
        Options,
        Gate,
        Schedule,
        new RetryPipelines(Options, Gate, Time, () => 0.5, NullLogger.Instance),
        Time,
        NullLogger.Instance,
        Stops.Add);

    public static JobRecord Record(Job? job = null) => new(job ?? Some.UltraJob(), "20260301T090000Z-ab12") { PriceUsd = 0.07m };

    /// <summary>The ledger's entries for the job, as types in order (read from the file: what a crash would leave).</summary>
    public IReadOnlyList<string> LedgerTypes() => Ledger.Read(Folder.LedgerPath).Select(e => e.Type).ToList();

    /// <summary>Moves the fake clock only while <paramref name="work"/> is parked on a timer, until it is done.</summary>
    public Task<T> DriveAsync<T>(Task<T> work) => Time.DriveAsync(work);

    public void Dispose()
    {
        Gate.Dispose();
        _ledger.Dispose();
        _audit.Dispose();
        _dir.Dispose();
    }
}
