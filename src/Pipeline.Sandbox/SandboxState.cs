using System.Collections.Concurrent;
using Pipeline.Sandbox.Delivery;
using Pipeline.Sandbox.Faults;
using Pipeline.Sandbox.Imaging;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox;

/// <summary>Everything the endpoints share for one running sandbox.</summary>
internal sealed class SandboxState
{
    private const int ImageCacheCapacity = 64;

    public SandboxState(SandboxOptions options)
    {
        Options = options;
        Faults = new FaultInjector(options.RandomSeed);
        Tasks = new TaskBoard(options, Faults);
        Deliveries = new DeliveryBoard(options.SampleUrlLifetime);
        Creates = new CreateWindow(options.CreatesPerMinute);
        Stats = new SandboxStats(options.TimeProvider);
        Log = options.RequestLogPath is { } path ? new RequestLog(path) : null;
    }

    /// <summary>Replicate's create rate limit.</summary>
    public CreateWindow Creates { get; }

    public SandboxOptions Options { get; }

    /// <summary>The request log, when <see cref="SandboxOptions.RequestLogPath"/> asks for one.</summary>
    public RequestLog? Log { get; }

    public SandboxStats Stats { get; }

    public FaultInjector Faults { get; }

    public TaskBoard Tasks { get; }

    public DeliveryBoard Deliveries { get; }

    public ImageCache Images { get; } = new(ImageCacheCapacity);

    /// <summary>fal's output switches (num_images, sync_mode) per request id.</summary>
    public ConcurrentDictionary<string, Protocol.Fal.FalRequest> FalRequests { get; } = new(StringComparer.Ordinal);

    /// <summary>Replicate's model and input per prediction id, and which were cancelled.</summary>
    public ConcurrentDictionary<string, Protocol.Replicate.Prediction> Predictions { get; } = new(StringComparer.Ordinal);

    /// <summary>Set once Kestrel has bound its port; absolute URLs in answers start with it.</summary>
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1/");

    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    /// <summary>
    /// The bytes served for an image, by URL or inline: the rendered file, or the bad file a download fault asks for
    /// (<see cref="DownloadFaultPolicy"/>), counted in <see cref="SandboxStats.FaultyDownloads"/>.
    /// </summary>
    public byte[] SampleBytes(ImageSpec spec)
    {
        var fault = DownloadFaultPolicy.Decide(spec, Options, Faults);
        if (fault != DownloadFault.None)
        {
            Stats.ServedFault();
        }

        return Images.GetOrCreate(spec, fault);
    }
}
