using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Faults;

/// <summary>
/// Decides which <see cref="DownloadFault"/> an image is served with: a prompt marker first (the first in the order
/// below that the prompt contains), else one draw from the seed and the image's spec against the fault rates stacked
/// in the same order, so the same image under the same seed always gets the same file, on every download and whatever
/// the request order. A fault that does not fit the format (a scan fault on a PNG, a damaged PNG on a JPEG) serves the
/// image unharmed.
/// </summary>
internal static class DownloadFaultPolicy
{
    public const string CorruptScanMarker = "[sandbox:corrupt-scan]";
    public const string TruncatedScanMarker = "[sandbox:truncated-scan]";
    public const string JunkScanMarker = "[sandbox:junk-scan]";
    public const string DamagedPngMarker = "[sandbox:damaged-png]";
    public const string BlackImageMarker = "[sandbox:black-image]";
    public const string WhiteImageMarker = "[sandbox:white-image]";
    public const string TrailingBytesMarker = "[sandbox:trailing-bytes]";
    public const string HtmlBodyMarker = "[sandbox:html-body]";
    public const string EmptyBodyMarker = "[sandbox:empty-body]";

    private static readonly (string Marker, DownloadFault Fault)[] Markers =
    [
        (CorruptScanMarker, DownloadFault.CorruptScan),
        (TruncatedScanMarker, DownloadFault.TruncatedScan),
        (JunkScanMarker, DownloadFault.JunkScan),
        (DamagedPngMarker, DownloadFault.DamagedPng),
        (BlackImageMarker, DownloadFault.BlackImage),
        (WhiteImageMarker, DownloadFault.WhiteImage),
        (TrailingBytesMarker, DownloadFault.TrailingBytes),
        (HtmlBodyMarker, DownloadFault.HtmlBody),
        (EmptyBodyMarker, DownloadFault.EmptyBody),
    ];

    public static DownloadFault Decide(ImageSpec spec, SandboxOptions options, FaultInjector faults)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var (marker, fault) in Markers)
        {
            if (spec.Prompt.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return Fits(fault, spec.Format) ? fault : DownloadFault.None;
            }
        }

        var rates = Rates(options);
        if (rates.All(r => r.Rate <= 0))
        {
            return DownloadFault.None;
        }

        var draw = faults.Stable($"download-fault\n{spec.Key}");
        var upper = 0.0;
        foreach (var (rate, fault) in rates)
        {
            upper += rate;
            if (draw < upper)
            {
                return Fits(fault, spec.Format) ? fault : DownloadFault.None;
            }
        }

        return DownloadFault.None;
    }

    /// <summary>Every download-fault rate with its fault, in the order the draw stacks them.</summary>
    public static (double Rate, DownloadFault Fault)[] Rates(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            (options.CorruptScanRate, DownloadFault.CorruptScan),
            (options.TruncatedScanRate, DownloadFault.TruncatedScan),
            (options.JunkScanRate, DownloadFault.JunkScan),
            (options.DamagedPngRate, DownloadFault.DamagedPng),
            (options.BlackImageRate, DownloadFault.BlackImage),
            (options.WhiteImageRate, DownloadFault.WhiteImage),
            (options.TrailingBytesRate, DownloadFault.TrailingBytes),
            (options.HtmlBodyRate, DownloadFault.HtmlBody),
            (options.EmptyBodyRate, DownloadFault.EmptyBody),
        ];
    }

    private static bool Fits(DownloadFault fault, ImageFormat format) => fault switch
    {
        DownloadFault.CorruptScan or DownloadFault.TruncatedScan or DownloadFault.JunkScan => format == ImageFormat.Jpeg,
        DownloadFault.DamagedPng => format == ImageFormat.Png,
        _ => true,
    };
}
