using System.Globalization;
using System.Runtime.CompilerServices;

namespace Pipeline.Imaging.Decoding;

/// <summary>Raised inside the strict scan walk when the entropy-coded data is damaged; caught by the walk itself.</summary>
internal sealed class JpegDamageException(string reason, bool atEnd = false) : Exception(reason)
{
    /// <summary>The data ran out (a marker or the end of the file) inside a block; the walk words the reason.</summary>
    public bool AtEnd { get; } = atEnd;

    /// <summary>Damage inside scan <paramref name="scan"/>: <c>corrupt: scan N: what</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static JpegDamageException InScan(JpegScan scan, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"corrupt: scan {scan.Number}: {what}"));
}
