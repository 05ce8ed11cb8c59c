using System.Text.Json.Nodes;
using Pipeline.Sandbox;
using static Pipeline.Tests.Sandbox.SandboxRequests;

namespace Pipeline.Tests.Sandbox;

public sealed class SandboxServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_BindsEphemeralLoopbackPort()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        Assert.Equal("127.0.0.1", sandbox.Server.BaseAddress.Host);
        Assert.NotEqual(0, sandbox.Server.BaseAddress.Port);
        Assert.EndsWith("/", sandbox.Server.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsListingEveryError()
    {
        var options = new SandboxOptions { ActiveTaskCap = 0, ModerationRate = 2 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(options, CancellationToken.None));

        Assert.Contains("ActiveTaskCap", error.Message, StringComparison.Ordinal);
        Assert.Contains("ModerationRate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_UltraFinetuned_ReturnsIdPollingUrlCostAndMegapixels()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var answer = await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody());

        var id = answer.GetProperty("id").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"{sandbox.Server.BaseAddress}v1/get_result?id={id}", answer.GetProperty("polling_url").GetString());
        Assert.Equal(7, answer.GetProperty("cost").GetDouble());
        Assert.Equal(0, answer.GetProperty("input_mp").GetDouble());
        Assert.Equal(4.21, answer.GetProperty("output_mp").GetDouble());
    }

    [Theory]
    [InlineData(Ultra, 6)]
    [InlineData(ProFinetuned, 6)]
    public async Task Submit_OtherModels_ReportTheirCost(string model, int cost)
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = model == Ultra ? new JsonObject { ["prompt"] = "base" } : ProFinetunedBody();

        var answer = await sandbox.SubmitAsync(model, body);

        Assert.Equal(cost, answer.GetProperty("cost").GetDouble());
    }

    [Fact]
    public async Task Poll_BeforeAndAfterLatency_GoesPendingToReady()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.Latency = TimeSpan.FromSeconds(10));
        var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody())).GetProperty("id").GetString()!;

        var early = await sandbox.PollAsync(id);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(5));
        var halfway = await sandbox.PollAsync(id);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(5));
        var done = await sandbox.PollAsync(id);

        Assert.Equal("Pending", early.GetProperty("status").GetString());
        Assert.Equal(0, early.GetProperty("progress").GetDouble());
        Assert.Equal("Pending", halfway.GetProperty("status").GetString());
        Assert.Equal(0.5, halfway.GetProperty("progress").GetDouble());
        Assert.Equal("Ready", done.GetProperty("status").GetString());
        var result = done.GetProperty("result");
        Assert.StartsWith($"{sandbox.Server.BaseAddress}delivery/", result.GetProperty("sample").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/sample.jpg", result.GetProperty("sample").GetString(), StringComparison.Ordinal);
        Assert.Equal(7, result.GetProperty("seed").GetInt64());
        Assert.Equal("a lighthouse at dusk", result.GetProperty("prompt").GetString());
        Assert.Equal(10, result.GetProperty("duration").GetDouble());
        Assert.Equal(result.GetProperty("start_time").GetDouble() + 10, result.GetProperty("end_time").GetDouble());
        Assert.Equal(3, sandbox.Stats.Polls);
    }

    [Theory]
    [InlineData("21:9", "jpeg", 3136, 1344)]
    [InlineData("9:16", "png", 1536, 2752)]
    public async Task Download_Ultra_HasTheTableSizeAndFormat(string ratio, string format, int width, int height)
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(UltraFinetuned, UltraFinetunedBody(aspectRatio: ratio, format: format));

        Assert.Equal((format, width, height), ImageProbe.Read(bytes));
    }

    [Fact]
    public async Task Download_UltraWithoutAspectRatio_Uses16By9()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(Ultra, new JsonObject { ["prompt"] = "defaults" });

        Assert.Equal(("jpeg", 2752, 1536), ImageProbe.Read(bytes));
    }

    [Theory]
    [InlineData(512, 1440, 512, 1440)]
    [InlineData(null, null, 1024, 768)]
    public async Task Download_ProFinetuned_HasTheRequestedOrDefaultSize(int? width, int? height, int expectedWidth, int expectedHeight)
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(ProFinetuned, ProFinetunedBody(width, height));

        Assert.Equal(("jpeg", expectedWidth, expectedHeight), ImageProbe.Read(bytes));
    }

    [Fact]
    public async Task Download_FillWithPngInput_HasTheInputSize()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = FillBody("data:image/png;base64," + PngBase64(300, 200));

        var bytes = await sandbox.RenderAsync(FillFinetuned, body);

        Assert.Equal(("jpeg", 300, 200), ImageProbe.Read(bytes));
    }

    [Fact]
    public async Task Submit_FillWithJpegInput_ReportsInputMegapixels()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var answer = await sandbox.SubmitAsync(FillFinetuned, FillBody(JpegBase64(1000, 500)));

        Assert.Equal(0.5, answer.GetProperty("input_mp").GetDouble());
        Assert.Equal(0.5, answer.GetProperty("output_mp").GetDouble());
    }

    [Fact]
    public async Task Download_SameRequestTwice_IdenticalBytes()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var first = await sandbox.RenderAsync(ProFinetuned, ProFinetunedBody());
        var second = await sandbox.RenderAsync(ProFinetuned, ProFinetunedBody());

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Download_SameRequestOnAnotherServer_IdenticalBytes()
    {
        await using var one = await SandboxHarness.StartAsync();
        await using var other = await SandboxHarness.StartAsync(o => o.RandomSeed = 1);

        var first = await one.RenderAsync(ProFinetuned, ProFinetunedBody());
        var second = await other.RenderAsync(ProFinetuned, ProFinetunedBody());

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Download_DifferentSeed_DifferentBytes()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var other = ProFinetunedBody();
        other["seed"] = 4;

        var first = await sandbox.RenderAsync(ProFinetuned, ProFinetunedBody());
        var second = await sandbox.RenderAsync(ProFinetuned, other);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Submit_WithoutSeed_ReportsTheSeedItPicked()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = ProFinetunedBody();
        body.Remove("seed");

        var id = (await sandbox.SubmitAsync(ProFinetuned, body)).GetProperty("id").GetString()!;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        var result = await sandbox.PollAsync(id);

        Assert.True(result.GetProperty("result").GetProperty("seed").GetInt64() >= 0);
    }

    [Fact]
    public async Task Submit_WithWebhookUrl_AnswersWebhookShapeWithoutPollingUrl()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = UltraFinetunedBody();
        body["webhook_url"] = "https://hooks.example.com/bfl";

        var answer = await sandbox.SubmitAsync(UltraFinetuned, body);

        Assert.Equal("Pending", answer.GetProperty("status").GetString());
        Assert.Equal("https://hooks.example.com/bfl", answer.GetProperty("webhook_url").GetString());
        Assert.Equal(7, answer.GetProperty("cost").GetDouble());
        Assert.True(answer.TryGetProperty("id", out _));
        Assert.False(answer.TryGetProperty("polling_url", out _));
    }

    [Fact]
    public async Task Submit_SameBodyTwice_CountsTwiceUnderOneFingerprint()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = UltraFinetunedBody();

        await sandbox.SubmitAsync(UltraFinetuned, body);
        await sandbox.SubmitAsync(UltraFinetuned, body);

        var fingerprint = SandboxStats.FingerprintOf(UltraFinetuned, body.ToJsonString());
        Assert.Equal(2, sandbox.Stats.AcceptedSubmissionsFor(fingerprint));
        Assert.Equal(2, sandbox.Stats.AcceptedByFingerprint[fingerprint]);
        Assert.Equal(2, sandbox.Stats.SubmissionsAccepted);
        Assert.Equal(2, sandbox.Stats.SubmitsReceived);
    }

    [Fact]
    public void FingerprintOf_PropertyOrderAndWhitespace_DoNotMatter()
    {
        var a = SandboxStats.FingerprintOf(Ultra, """{"prompt":"x","seed":1}""");
        var b = SandboxStats.FingerprintOf(Ultra, """ { "seed": 1, "prompt": "x" } """);
        var c = SandboxStats.FingerprintOf(UltraFinetuned, """{"prompt":"x","seed":1}""");

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(64, a.Length);
    }

    [Fact]
    public async Task Get_UnknownPath_Answers404Detail()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        using var response = await sandbox.Http.GetAsync("v2/nothing");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("Not Found", (await SandboxHarness.ReadJsonAsync(response)).GetProperty("detail").GetString());
    }
}
