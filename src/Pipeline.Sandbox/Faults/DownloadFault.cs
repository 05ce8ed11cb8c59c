namespace Pipeline.Sandbox.Faults;

/// <summary>
/// A bad result file the sandbox serves on demand, so verification is tested on real damaged bytes.
/// Each is chosen by a prompt marker or a rate in <see cref="SandboxOptions"/> (see <see cref="DownloadFaultPolicy"/>).
/// </summary>
internal enum DownloadFault
{
    /// <summary>The image as rendered.</summary>
    None,

    /// <summary>JPEG whose entropy-coded data has a few bytes flipped half-way through; every marker and the EOI intact.</summary>
    CorruptScan,

    /// <summary>JPEG cut half-way through its scan, with an EOI appended.</summary>
    TruncatedScan,

    /// <summary>JPEG whose headers promise the full size but whose scan is a few hundred bytes of junk, then EOI.</summary>
    JunkScan,

    /// <summary>PNG with bytes of its deflate stream (IDAT) damaged and every chunk CRC recomputed, so the chunks look sound.</summary>
    DamagedPng,

    /// <summary>All-black image of the right size and format.</summary>
    BlackImage,

    /// <summary>All-white image of the right size and format.</summary>
    WhiteImage,

    /// <summary>The valid image followed by <see cref="FaultySample.TrailingByteCount"/> zero bytes after its EOI or IEND.</summary>
    TrailingBytes,

    /// <summary>An HTML error page, served with status 200 and the image's content type.</summary>
    HtmlBody,

    /// <summary>No bytes at all, with status 200 and the image's content type.</summary>
    EmptyBody,
}
