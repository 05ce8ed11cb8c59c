using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Faults;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using static Pipeline.Tests.Sandbox.SandboxRequests;

namespace Pipeline.Tests.Sandbox;

/// <summary>The bad result files the sandbox serves on demand, downloaded over HTTP as a client sees them.</summary>
public sealed class DownloadFaultTests
{
    private const int Width = 512;
    private const int Height = 384;

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public async Task Download_NoFault_ImageSharpDecodesTheRequestedSizeAndFormat(string format)
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(ProFinetuned, Body("a product shot", format));

        using var image = Image.Load<Rgb24>(bytes, out var decoded);
        Assert.Equal(format == "png" ? PngFormat.Instance : JpegFormat.Instance, decoded);
        Assert.Equal((Width, Height), (image.Width, image.Height));
        Assert.Equal(0, sandbox.Stats.FaultyDownloads);
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public async Task Download_SameJobInTwoSandboxes_IdenticalBytes(string format)
    {
        await using var first = await SandboxHarness.StartAsync();
        await using var second = await SandboxHarness.StartAsync();

        var once = await first.RenderAsync(ProFinetuned, Body("a product shot", format));
        var again = await second.RenderAsync(ProFinetuned, Body("a product shot", format));

        Assert.Equal(once, again);
    }

    [Fact]
    public async Task Download_CorruptScanMarker_SameSizeJpegWithMarkersAndEoiIntact()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(ProFinetuned, Body("a product shot " + DownloadFaultPolicy.CorruptScanMarker));

        var scan = ScanStart(bytes);
        Assert.Equal(("jpeg", Width, Height), ImageProbe.Read(bytes));
        Assert.True(scan > 0, "no SOS");
        Assert.True(EveryFfIsStuffed(bytes.AsSpan(scan, bytes.Length - scan - 2)), "a marker appeared inside the scan");
        Assert.Equal(1, sandbox.Stats.FaultyDownloads);
    }

    [Fact]
    public async Task Download_TruncatedScanRate_JpegWithFullSizeFrameEndingWithEoi()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.TruncatedScanRate = 1);

        var bytes = await sandbox.RenderAsync(ProFinetuned, Body("a product shot"));

        Assert.Equal(("jpeg", Width, Height), ImageProbe.Read(bytes));
        Assert.True(EveryFfIsStuffed(bytes.AsSpan(ScanStart(bytes), bytes.Length - ScanStart(bytes) - 2)));
        Assert.Equal(1, sandbox.Stats.FaultyDownloads);
    }

    [Fact]
    public async Task Download_JunkScanMarker_FullSizeFrameAndAFewHundredScanBytes()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(ProFinetuned, Body("[sandbox:junk-scan] a product shot"));

        Assert.Equal(("jpeg", Width, Height), ImageProbe.Read(bytes));
        Assert.Equal(JpegDamage.JunkByteCount, bytes.Length - ScanStart(bytes) - 2);
    }

    [Fact]
    public async Task Download_DamagedPngRate_ChunkCrcsValidButPixelsDoNotDecodeAsRendered()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.DamagedPngRate = 1);
        await using var unharmed = await SandboxHarness.StartAsync();
        var bytes = await sandbox.RenderAsync(ProFinetuned, Body("a product shot", "png"));
        var clean = await unharmed.RenderAsync(ProFinetuned, Body("a product shot", "png"));

        Assert.Equal(("png", Width, Height), ImageProbe.Read(bytes));
        Assert.All(PngDamage.Chunks(bytes), c => Assert.Equal(
            BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(c.DataOffset + c.Length)), Crc32.HashToUInt32(bytes.AsSpan(c.DataOffset - 4, c.Length + 4))));
        Assert.NotEqual(clean, bytes);
        Assert.False(DecodesTo(bytes, Pixels(clean)), "the damaged PNG decoded to the rendered pixels");
    }

    [Theory]
    [InlineData("[sandbox:black-image]", "jpeg", 0)]
    [InlineData("[sandbox:black-image]", "png", 0)]
    [InlineData("[sandbox:white-image]", "jpeg", 255)]
    [InlineData("[sandbox:white-image]", "png", 255)]
    public async Task Download_BlankMarker_UniformImageOfTheRightSizeAndFormat(string marker, string format, int level)
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(ProFinetuned, Body("a product shot " + marker, format));

        Assert.Equal((format, Width, Height), ImageProbe.Read(bytes));
        Assert.All(Pixels(bytes), b => Assert.InRange(b, level - 1, level + 1));
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public async Task Download_TrailingBytesMarker_ExactlyTheCountAfterEoiOrIend(string format)
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(ProFinetuned, Body("a product shot [sandbox:trailing-bytes]", format));

        var end = bytes.Length - FaultySample.TrailingByteCount;
        byte[] terminator = format == "png" ? [.. "IEND"u8, 0xAE, 0x42, 0x60, 0x82] : [0xFF, 0xD9];
        Assert.Equal(terminator, bytes[(end - terminator.Length)..end]);
        Assert.All(bytes[end..], b => Assert.Equal(0, b));
        Assert.Equal((Width, Height), Size(bytes[..end]));
    }

    [Fact]
    public async Task Download_HtmlBodyMarker_200WithImageJpegContentTypeAndAnHtmlPage()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var sample = await SampleUrlAsync(sandbox, Body("a product shot [sandbox:html-body]"));

        using var response = await sandbox.Http.GetAsync(sample);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(MediaTypeHeaderValue.Parse("image/jpeg"), response.Content.Headers.ContentType);
        Assert.StartsWith("<!DOCTYPE html>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_EmptyBodyRate_200WithNoBytes()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.EmptyBodyRate = 1);
        var sample = await SampleUrlAsync(sandbox, Body("a product shot"));

        using var response = await sandbox.Http.GetAsync(sample);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Download_ScanMarkerOnPng_ServesTheCleanImage()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(ProFinetuned, Body("a product shot [sandbox:corrupt-scan]", "png"));

        Assert.Equal((Width, Height), Size(bytes));
        Assert.Equal(0, sandbox.Stats.FaultyDownloads);
    }

    [Fact]
    public async Task Download_FaultyImageTwice_SameBytesEachTime()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.CorruptScanRate = 1);
        var sample = await SampleUrlAsync(sandbox, Body("a product shot"));

        var first = await sandbox.Http.GetByteArrayAsync(sample);
        var second = await sandbox.Http.GetByteArrayAsync(sample);

        Assert.Equal(first, second);
        Assert.Equal(2, sandbox.Stats.FaultyDownloads);
    }

    [Fact]
    public async Task Generate_InlineB64JsonWithTrailingBytesMarker_InlineImageCarriesTheFault()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.Latency = TimeSpan.Zero);
        using var http = ProtocolClient.Bare(sandbox.Server.BaseAddress);
        var body = new JsonObject
        {
            ["model"] = "flux-pro-1.1-ultra",
            ["prompt"] = "a kettle [sandbox:trailing-bytes]",
            ["size"] = "512x256",
            ["response_format"] = "b64_json",
            ["output_format"] = "png",
            ["seed"] = 3,
        };

        var (status, answer, _) = await ProtocolClient.SendAsync(http, HttpMethod.Post, "v1/images/generations", "Bearer", body: body);

        Assert.Equal(200, status);
        var bytes = Convert.FromBase64String(answer.GetProperty("data")[0].GetProperty("b64_json").GetString()!);
        Assert.Equal("IEND"u8.ToArray(), bytes[^(FaultySample.TrailingByteCount + 8)..^(FaultySample.TrailingByteCount + 4)]);
    }

    private static JsonObject Body(string prompt, string format = "jpeg") => new()
    {
        ["prompt"] = prompt,
        ["finetune_id"] = "ft-brand-1",
        ["seed"] = 3,
        ["width"] = Width,
        ["height"] = Height,
        ["output_format"] = format,
    };

    private static async Task<string> SampleUrlAsync(SandboxHarness sandbox, JsonObject body)
    {
        var id = (await sandbox.SubmitAsync(ProFinetuned, body)).GetProperty("id").GetString()!;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        return (await sandbox.PollAsync(id)).GetProperty("result").GetProperty("sample").GetString()!;
    }

    // Offset of the first entropy-coded byte, found by walking the segments from SOI; 0 when there is no SOS.
    private static int ScanStart(byte[] jpeg)
    {
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            if (jpeg[i + 1] == 0xDA)
            {
                return i + 2 + length;
            }

            i += 2 + length;
        }

        return 0;
    }

    private static bool EveryFfIsStuffed(ReadOnlySpan<byte> scan)
    {
        for (var i = 0; i < scan.Length; i++)
        {
            if (scan[i] == 0xFF && (i + 1 == scan.Length || scan[i + 1] != 0x00))
            {
                return false;
            }
        }

        return true;
    }

    private static (int Width, int Height) Size(byte[] bytes)
    {
        using var image = Image.Load<Rgb24>(bytes);
        return (image.Width, image.Height);
    }

    private static byte[] Pixels(byte[] bytes)
    {
        using var image = Image.Load<Rgb24>(bytes);
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    private static bool DecodesTo(byte[] bytes, byte[] pixels)
    {
        try
        {
            return Pixels(bytes).AsSpan().SequenceEqual(pixels);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException)
        {
            return false;
        }
    }
}
