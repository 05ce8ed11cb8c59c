using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Manifests;
using Pipeline.Tests.Support;
using Pipeline.Verification;
using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Records;

namespace Pipeline.Tests.Records;

/// <summary>Provenance embedded in real JPEG and PNG files, without re-encoding, and read back.</summary>
public sealed class ProvenanceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public void Embed_ThenRead_GivesTheRecordBackAndTheFileStillVerifies(string format)
    {
        var original = format == "png" ? TestImages.Png(1024, 768) : TestImages.Jpeg(1024, 768);
        var path = Write(format == "png" ? "a.png" : "a.jpg", original);
        var sidecar = Sidecar.From(Some.Row() with { Format = format, Sha256 = Sha(original) }, new string('m', 64));

        var stored = Provenance.Embed(path, sidecar);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(Sha(bytes), stored);
        var embedded = Provenance.Read(path);
        Assert.NotNull(embedded.Record);
        Assert.Equal(sidecar with { Sha256 = null }, embedded.Record!.Sidecar);
        Assert.Equal(Sha(original), embedded.Record.SourceSha256);
        Assert.True(embedded.SourceIntact);
        var facts = ImageInspector.Inspect(path);
        Assert.True(facts.Intact, string.Join(";", facts.Damage));
        Assert.Equal((format, 1024, 768), (facts.Format, facts.Width!.Value, facts.Height!.Value));
        var job = Some.SizedJob(1024, 768) with { OutputFormat = format };
        Assert.True(Verifier.Check(job, facts, VerifyPolicy.Default, nsfw: false).Passed);
    }

    [Fact]
    public void Embed_Png_InsertsOneITxtChunkRightAfterIhdrAndChangesNothingElse()
    {
        var original = TestImages.Png(256, 256);
        var path = Write("b.png", original);

        Provenance.Embed(path, Sidecar.From(Some.Row() with { Format = "png" }, "m"));

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(original[..33], bytes[..33]); // signature + IHDR
        Assert.Equal("iTXt"u8.ToArray(), bytes[37..41]);
        Assert.Equal("pipeline:provenance\0"u8.ToArray(), bytes[41..61]);
        var inserted = bytes.Length - original.Length;
        Assert.Equal(original[33..], bytes[(33 + inserted)..]);
    }

    [Fact]
    public void Embed_Jpeg_InsertsComAfterJfifAndChangesNothingElse()
    {
        var original = TestImages.Jpeg(256, 256);
        var path = Write("b.jpg", original);

        Provenance.Embed(path, Sidecar.From(Some.Row(), "m"));

        var bytes = File.ReadAllBytes(path);
        const int afterApp0 = 2 + 18; // SOI, then APP0 (JFIF): marker + 16-byte segment
        Assert.Equal(original[..afterApp0], bytes[..afterApp0]);
        Assert.Equal(new byte[] { 0xFF, 0xFE }, bytes[afterApp0..(afterApp0 + 2)]);
        var inserted = bytes.Length - original.Length;
        Assert.Equal(original[afterApp0..], bytes[(afterApp0 + inserted)..]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, bytes[^2..]);
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public void Embed_Twice_ReplacesTheRecordAndKeepsTheSourceHash(string format)
    {
        var original = format == "png" ? TestImages.Png(256, 256) : TestImages.Jpeg(256, 256);
        var path = Write("twice." + format, original);
        Provenance.Embed(path, Sidecar.From(Some.Row("aaaaaaaaaaaaaaaa"), "m"));
        var onceLength = new FileInfo(path).Length;

        Provenance.Embed(path, Sidecar.From(Some.Row("bbbbbbbbbbbbbbbb"), "m"));

        var embedded = Provenance.Read(path);
        Assert.Equal("bbbbbbbbbbbbbbbb", embedded.Record!.Sidecar.JobId);
        Assert.Equal(Sha(original), embedded.Record.SourceSha256);
        Assert.Equal(onceLength, new FileInfo(path).Length);
    }

    [Fact]
    public void Embed_JpegRecordOver64KB_SplitsAcrossComSegmentsAndReadsBackWhole()
    {
        var path = Write("long.jpg", TestImages.Jpeg(256, 256));
        var prompt = string.Concat(Enumerable.Repeat("a long prompt, ", 10_000));

        Provenance.Embed(path, Sidecar.From(Some.Row(prompt: prompt), "m"));

        Assert.Equal(prompt, Provenance.Read(path).Record!.Sidecar.Prompt);
        Assert.True(ImageInspector.Inspect(path).Intact);
    }

    [Fact]
    public void RecordJson_IsTheSidecarWithoutItsHashThenTheSourceHash_TextReadable()
    {
        var sidecar = Sidecar.From(Some.Row(prompt: "café + \"quoted\" <b>"), "m") with { Sha256 = "ab" };

        var json = new ProvenanceRecord(sidecar with { Sha256 = null }, new string('0', 64)).ToJson();

        using var parsed = JsonDocument.Parse(json);
        var keys = parsed.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        using var full = JsonDocument.Parse(sidecar.ToJson());
        var expected = full.RootElement.EnumerateObject().Select(p => p.Name).Where(k => k != "sha256").Append("source_sha256");
        Assert.Equal(expected, keys);
        Assert.Contains("café + \\\"quoted\\\" <b>", json, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', json);
        Assert.Equal(sidecar with { Sha256 = null }, ProvenanceRecord.Parse(json).Sidecar);
    }

    [Fact]
    public void Read_FileWithoutRecord_HasNoneAndHashesTheWholeFile()
    {
        var original = TestImages.Jpeg(256, 256);
        var path = Write("plain.jpg", original);

        var embedded = Provenance.Read(path);

        Assert.Null(embedded.Record);
        Assert.False(embedded.SourceIntact);
        Assert.Equal(Sha(original), embedded.Sha256WithoutRecord);
    }

    [Fact]
    public void Read_PixelsChangedAfterEmbedding_SourceNoLongerIntact()
    {
        var path = Write("tampered.jpg", TestImages.Jpeg(256, 256));
        Provenance.Embed(path, Sidecar.From(Some.Row(), "m"));
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        Assert.False(Provenance.Read(path).SourceIntact);
    }

    [Fact]
    public void Embed_DamagedFile_Refuses()
    {
        var bytes = TestImages.Png(256, 256);
        bytes[50] ^= 0xFF;
        var path = Write("bad.png", bytes);

        Assert.Throws<InvalidDataException>(() => Provenance.Embed(path, Sidecar.From(Some.Row(), "m")));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public void Dispose() => _dir.Dispose();
}
