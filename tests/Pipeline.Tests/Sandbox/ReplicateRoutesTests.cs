using System.Text.Json.Nodes;
using Pipeline.Sandbox;
using static Pipeline.Tests.Sandbox.ProtocolClient;

namespace Pipeline.Tests.Sandbox;

/// <summary>The sandbox's Replicate predictions routes behave as docs/providers.md#replicate documents.</summary>
public sealed class ReplicateRoutesTests
{
    private const string Create = "v1/models/black-forest-labs/flux-1.1-pro-ultra-finetuned/predictions";

    private static JsonObject Input(string prompt = "a kettle", string format = "jpg", long safety = 2) => new()
    {
        ["input"] = new JsonObject
        {
            ["prompt"] = prompt,
            ["finetune_id"] = "ft-1",
            ["finetune_strength"] = 1.2,
            ["aspect_ratio"] = "16:9",
            ["seed"] = 5,
            ["output_format"] = format,
            ["safety_tolerance"] = safety,
        },
    };

    [Fact]
    public async Task Create_WithoutPreferWait_Answers201WithAPendingPredictionAndUrlsGet()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, prediction, response) = await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input());

        Assert.Equal(201, status);
        var id = prediction.GetProperty("id").GetString();
        Assert.Equal("processing", prediction.GetProperty("status").GetString());
        Assert.Equal("black-forest-labs/flux-1.1-pro-ultra-finetuned", prediction.GetProperty("model").GetString());
        Assert.Equal(new Uri(sandbox.Server.BaseAddress, $"v1/predictions/{id}").AbsoluteUri, prediction.GetProperty("urls").GetProperty("get").GetString());
        Assert.Equal(prediction.GetProperty("urls").GetProperty("get").GetString(), response.Headers.Location?.AbsoluteUri);
        Assert.Equal("jpg", prediction.GetProperty("input").GetProperty("output_format").GetString());
    }

    [Fact]
    public async Task Create_OutputFormatJpeg_Answers422EnumBecauseReplicateSpellsItJpg()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, body, _) = await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input(format: "jpeg"));

        Assert.Equal(422, status);
        Assert.Equal("Input validation failed", body.GetProperty("title").GetString());
        var field = Assert.Single(body.GetProperty("invalid_fields").EnumerateArray());
        Assert.Equal("enum", field.GetProperty("type").GetString());
        Assert.Equal("input.output_format", field.GetProperty("field").GetString());
        Assert.Contains("input.output_format", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SafetyToleranceZero_Answers422BecauseReplicateStartsAt1()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, body, _) = await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input(safety: 0));

        Assert.Equal(422, status);
        Assert.Equal("number_gte", body.GetProperty("invalid_fields")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Create_WithXKeyInsteadOfBearer_Answers401()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var (status, body, _) = await SendAsync(sandbox.Http, HttpMethod.Post, Create, null, body: Input());

        Assert.Equal(401, status);
        Assert.Equal("Unauthenticated", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Get_AfterTheLatency_SucceededWithOneUriStringOfTheUltraSize()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var created = (await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input())).Body;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));

        var (status, prediction, _) = await SendAsync(http, HttpMethod.Get, created.GetProperty("urls").GetProperty("get").GetString()!, "Bearer");

        Assert.Equal(200, status);
        Assert.Equal("succeeded", prediction.GetProperty("status").GetString());
        var bytes = await http.GetByteArrayAsync(prediction.GetProperty("output").GetString());
        Assert.Equal(("jpeg", 2752, 1536), ImageProbe.Read(bytes));
    }

    [Fact]
    public async Task Get_AnHourAfterCompletion_DataRemovedAndNoOutput()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var created = (await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input())).Body;
        sandbox.Clock.Advance(TimeSpan.FromMinutes(61));

        var prediction = (await SendAsync(http, HttpMethod.Get, created.GetProperty("urls").GetProperty("get").GetString()!, "Bearer")).Body;

        Assert.True(prediction.GetProperty("data_removed").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, prediction.GetProperty("output").ValueKind);
    }

    [Fact]
    public async Task Create_PreferWait_HoldsTheAnswerUntilTheResultIsReady()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromMilliseconds(150) }, CancellationToken.None);
        using var http = Bare(server.BaseAddress);

        var (status, prediction, _) = await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input(), headers: ("Prefer", "wait"));

        Assert.Equal(201, status);
        Assert.Equal("succeeded", prediction.GetProperty("status").GetString());
        Assert.StartsWith(server.BaseAddress.AbsoluteUri, prediction.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OverCreatesPerMinute_Answers429ThrottledWithTheResetTime()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.CreatesPerMinute = 1);
        using var http = Bare(sandbox.Server.BaseAddress);
        await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input());
        sandbox.Clock.Advance(TimeSpan.FromSeconds(30));

        var (status, body, _) = await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input("b"));

        Assert.Equal(429, status);
        Assert.Equal("Request was throttled. Your rate limit resets in ~30s.", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ModeratedMarker_FailedWithE005()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var created = (await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input("x [sandbox:content-moderated]"))).Body;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));

        var prediction = (await SendAsync(http, HttpMethod.Get, created.GetProperty("urls").GetProperty("get").GetString()!, "Bearer")).Body;

        Assert.Equal("failed", prediction.GetProperty("status").GetString());
        Assert.Contains("(E005)", prediction.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverTheCap_PredictionsWaitInStarting()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.ActiveTaskCap = 1);
        using var http = Bare(sandbox.Server.BaseAddress);
        await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input("a"));

        var (status, second, _) = await SendAsync(http, HttpMethod.Post, Create, "Bearer", body: Input("b"));

        Assert.Equal(201, status);
        Assert.Equal("starting", second.GetProperty("status").GetString());
        Assert.Equal(0, sandbox.Stats.Throttled);
    }

    [Fact]
    public async Task ProFinetunedCustomSize_RenderedAtTheRequestedSize()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var body = new JsonObject
        {
            ["input"] = new JsonObject
            {
                ["prompt"] = "p", ["finetune_id"] = "ft", ["aspect_ratio"] = "custom", ["width"] = 1024, ["height"] = 768, ["output_format"] = "png", ["guidance"] = 2.5,
            },
        };
        var created = (await SendAsync(http, HttpMethod.Post, "v1/models/black-forest-labs/flux-pro-finetuned/predictions", "Bearer", body: body)).Body;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));

        var prediction = (await SendAsync(http, HttpMethod.Get, created.GetProperty("urls").GetProperty("get").GetString()!, "Bearer")).Body;

        Assert.Equal(("png", 1024, 768), ImageProbe.Read(await http.GetByteArrayAsync(prediction.GetProperty("output").GetString())));
    }
}
