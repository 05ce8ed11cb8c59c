using Pipeline.Sandbox;
using Pipeline.Sandbox.Faults;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Tests.Sandbox;

public sealed class DownloadFaultPolicyTests
{
    private static readonly ImageSpec Spec = new("flux-pro-finetuned", "a fox", "ft-1", 1.0, 7, 96, 64, ImageFormat.Jpeg);

    [Fact]
    public void Decide_NoRatesNoMarker_None()
    {
        Assert.Equal(DownloadFault.None, DownloadFaultPolicy.Decide(Spec, new SandboxOptions(), new FaultInjector(42)));
    }

    [Fact]
    public void Decide_MarkerInPrompt_ThatFaultWhateverTheRates()
    {
        var spec = Spec with { Prompt = "a fox " + DownloadFaultPolicy.WhiteImageMarker };

        Assert.Equal(DownloadFault.WhiteImage, DownloadFaultPolicy.Decide(spec, new SandboxOptions { HtmlBodyRate = 1 }, new FaultInjector(42)));
    }

    [Fact]
    public void Decide_ExclusiveRates_EachFaultTakesItsShareAndTheSameSpecAlwaysTheSame()
    {
        var options = new SandboxOptions { CorruptScanRate = 0.25, TrailingBytesRate = 0.25 };
        var faults = new FaultInjector(42);

        var decided = Enumerable.Range(0, 2000).Select(i => DownloadFaultPolicy.Decide(Spec with { Seed = i }, options, faults)).ToList();
        var again = Enumerable.Range(0, 2000).Reverse().Select(i => DownloadFaultPolicy.Decide(Spec with { Seed = i }, options, faults)).Reverse();

        Assert.Equal(decided, again);
        Assert.InRange(decided.Count(f => f == DownloadFault.CorruptScan), 400, 600);
        Assert.InRange(decided.Count(f => f == DownloadFault.TrailingBytes), 400, 600);
        Assert.InRange(decided.Count(f => f == DownloadFault.None), 900, 1100);
    }

    [Fact]
    public void Decide_JpegFaultOnPngOrPngFaultOnJpeg_None()
    {
        var faults = new FaultInjector(42);

        Assert.Equal(DownloadFault.None, DownloadFaultPolicy.Decide(Spec with { Format = ImageFormat.Png }, new SandboxOptions { JunkScanRate = 1 }, faults));
        Assert.Equal(DownloadFault.None, DownloadFaultPolicy.Decide(Spec, new SandboxOptions { DamagedPngRate = 1 }, faults));
    }

    [Fact]
    public void Validate_DownloadFaultRatesAboveOneInTotal_Error()
    {
        var errors = new SandboxOptions { BlackImageRate = 0.6, WhiteImageRate = 0.6 }.Validate();

        Assert.Contains(errors, e => e.Contains("add up to at most 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DownloadFaultRateOutOfRange_NamesIt()
    {
        var errors = new SandboxOptions { EmptyBodyRate = -0.1 }.Validate();

        Assert.Contains(errors, e => e.StartsWith(nameof(SandboxOptions.EmptyBodyRate), StringComparison.Ordinal));
    }
}
