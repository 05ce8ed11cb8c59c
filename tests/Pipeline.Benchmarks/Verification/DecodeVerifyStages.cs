using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Pipeline.Imaging.Decoding;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Benchmarks.Verification;

/// <summary>
/// Where one 4-MP JPEG's verification time goes, stage by stage: the strict scan walk, the ImageSharp decode, the
/// blank analysis of the decoded pixels and the SHA-256 (their sum is a little under <see cref="DecodeVerifyBenchmarks"/>'s
/// single image, which also sniffs, reads the header and judges).
/// </summary>
[MemoryDiagnoser]
public class DecodeVerifyStages
{
    private byte[] _jpeg = [];
    private SixLabors.ImageSharp.Configuration _configuration = null!;
    private SixLabors.ImageSharp.Formats.IImageDecoder _decoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = VerifySample.Jpeg(VerifySample.Side, 13);
        _configuration = DecoderConfiguration.For(DecodeLimits.Default.MaxBufferMegabytes);
        _decoder = DecoderConfiguration.Decoder(_configuration, BodyKind.Jpeg)!;
    }

    [Benchmark(Description = "strict scan walk (JpegStructure)")]
    public long? Walk() => JpegStructure.Walk(_jpeg, CancellationToken.None).EndOffset;

    [Benchmark(Description = "ImageSharp decode to Rgb24")]
    public int Decode()
    {
        using var stream = new MemoryStream(_jpeg, writable: false);
        using var image = _decoder.Decode<Rgb24>(_configuration, stream, CancellationToken.None);
        return image.Width;
    }

    [Benchmark(Description = "ImageSharp decode to Rgb24 + blank analysis")]
    public bool DecodeAndBlank()
    {
        using var stream = new MemoryStream(_jpeg, writable: false);
        using var image = _decoder.Decode<Rgb24>(_configuration, stream, CancellationToken.None);
        return BlankDetector.Analyse(image, CancellationToken.None).IsBlank;
    }

    [Benchmark(Description = "SHA-256")]
    public byte[] Hash() => SHA256.HashData(_jpeg);
}
