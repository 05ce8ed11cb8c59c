using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Pipeline.Domain;
using Pipeline.Imaging.Decoding;
using Pipeline.Verification;

namespace Pipeline.Benchmarks.Verification;

/// <summary>
/// Full verification of 4-MP JPEGs as the run does it: decode (strict scan walk, ImageSharp decode, blank analysis),
/// the verdict against its job, and the SHA-256. Issue 13's target is throughput: at least 20 images per second with
/// both cores of the 2-core host busy. <c>Batch</c> verifies <see cref="BatchSize"/> distinct images with
/// <see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, ParallelOptions, Action{TSource})"/> at
/// <see cref="Environment.ProcessorCount"/> and reports per image (OperationsPerInvoke), so images/s = 1 s / Mean;
/// <c>One</c> is the single-image latency on one core. The stage split (walk, ImageSharp decode, blank, hash) is
/// <see cref="DecodeVerifyStages"/>.
/// </summary>
[MemoryDiagnoser]
public class DecodeVerifyBenchmarks
{
    /// <summary>Distinct images per batch: enough that each core gets several and no two runs share a cache line.</summary>
    public const int BatchSize = 8;

    private byte[][] _jpegs = [];
    private Job _job = null!;
    private ParallelOptions _parallel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpegs = [.. Enumerable.Range(0, BatchSize).Select(seed => VerifySample.Jpeg(VerifySample.Side, seed + 13))];
        _job = VerifySample.Job(VerifySample.Side);
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        foreach (var jpeg in _jpegs)
        {
            var verdict = Verify(jpeg);
            if (!verdict.Passed)
            {
                throw new InvalidOperationException("a benchmark image does not verify: " + verdict.AuditText);
            }
        }
    }

    [Benchmark(Baseline = true, Description = "verify one 4-MP JPEG on one core (decode, blank, verdict, SHA-256)")]
    public Verdict One() => Verify(_jpegs[0]);

    [Benchmark(OperationsPerInvoke = BatchSize, Description = "verify 8 distinct 4-MP JPEGs on all cores, per image (1 s / Mean = images/s)")]
    public void Batch() => Parallel.ForEach(_jpegs, _parallel, jpeg => Verify(jpeg));

    private Verdict Verify(byte[] jpeg)
    {
        _ = SHA256.HashData(jpeg);
        var decoded = ImageVerification.Decode(jpeg, "image/jpeg", TimeProvider.System, CancellationToken.None);
        return Verifier.Check(_job, decoded, jpeg.Length, "image/jpeg", VerifyPolicy.Default, nsfw: false);
    }
}
