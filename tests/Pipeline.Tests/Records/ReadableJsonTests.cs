using System.Text;
using System.Text.Json;
using Pipeline.Records;
using Pipeline.Tests.Cli;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Records;

/// <summary>
/// Issue 14, item 12: the JSON a run writes into files (sidecars, embedded provenance, ledger, run record) keeps times
/// and text as written, and the strength is a number (docs/architecture.md#47-json-files-read-as-written).
/// </summary>
public sealed class ReadableJsonTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_RenderedImage_SidecarAndEmbeddedRecordWriteTimesAsWrittenAndTheStrengthAsANumber()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Small("readable", prompts: 1, seeds: 1).Replace("finetune_strengths: [1.0]", "finetune_strengths: [1.2]", StringComparison.Ordinal));
        var output = _dir.File("out");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("run", manifest, "--output", output);

        Assert.True(exit == 0, stdout + stderr);
        var campaign = Path.Combine(output, "readable");
        var image = Assert.Single(Directory.GetFiles(Path.Combine(campaign, "images"), "*.png"));
        var sidecar = await File.ReadAllTextAsync(image + ".json");
        var embedded = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(image));
        Assert.Contains("\"finetune_strength\": 1.2,", sidecar, StringComparison.Ordinal);
        Assert.Contains("+00:00\"", sidecar, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", sidecar, StringComparison.Ordinal);
        Assert.Contains("\"finetune_strength\":1.2,", embedded, StringComparison.Ordinal);
        Assert.Contains("+00:00\"", embedded, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", embedded, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(sidecar);
        Assert.Equal(JsonValueKind.Number, parsed.RootElement.GetProperty("finetune_strength").ValueKind);
        Assert.Equal(1.2m, Provenance.Read(image).Record!.Sidecar.FinetuneStrength);
        foreach (var written in new[] { "ledger.jsonl", "run.json" })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(campaign, written));
            Assert.Contains("+00:00\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u002B", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_SidecarWrittenBeforeIssue14_ReadsTheStrengthFromText()
    {
        var written = Sidecar.From(Some.Row() with { FinetuneStrength = 1.0m }, "m").ToJson();
        var old = written.Replace("\"finetune_strength\": 1.0,", "\"finetune_strength\": \"1.0\",", StringComparison.Ordinal);

        var sidecar = Sidecar.Parse(old);
        var record = ProvenanceRecord.Parse(JsonSerializer.Serialize(new { finetune_strength = "0.80", job_id = "j", run_id = "r", campaign = "c", manifest_sha256 = "m", provider = "sandbox", model = "flux-pro-finetuned", prompt_id = "p", prompt = "t", seed = 1, format = "png", cost_usd = 0.05m, attempts = 1, source_sha256 = "s" }));

        Assert.NotEqual(written, old);
        Assert.Equal(1.0m, sidecar!.FinetuneStrength);
        Assert.Equal("1.0", sidecar.FinetuneStrength!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.80", record.Sidecar.FinetuneStrength!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ToJson_BaseModel_WritesANullStrengthThatReadsBack()
    {
        var json = Sidecar.From(Some.Row() with { FinetuneStrength = null, FinetuneId = null }, "m").ToJson();

        Assert.Contains("\"finetune_strength\": null,", json, StringComparison.Ordinal);
        Assert.Null(Sidecar.Parse(json)!.FinetuneStrength);
    }

    public void Dispose() => _dir.Dispose();
}
