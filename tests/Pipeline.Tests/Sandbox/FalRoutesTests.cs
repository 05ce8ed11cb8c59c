using System.Text.Json;
using System.Text.Json.Nodes;
using static Pipeline.Tests.Sandbox.ProtocolClient;

namespace Pipeline.Tests.Sandbox;

/// <summary>The sandbox's fal queue routes behave as docs/providers.md#fal documents.</summary>
public sealed class FalRoutesTests
{
    private const string Submit = "fal-ai/flux-pro/v1.1-ultra-finetuned";

    private static JsonObject Body(string prompt = "a kettle", JsonNode? safety = null) => new()
    {
        ["prompt"] = prompt,
        ["finetune_id"] = "ft-1",
        ["finetune_strength"] = 1.1,
        ["aspect_ratio"] = "16:9",
        ["seed"] = 5,
        ["output_format"] = "jpeg",
        ["safety_tolerance"] = safety ?? "2",
    };

    [Fact]
    public async Task Submit_WithKeyAuth_ReturnsUrlsWithoutTheEndpointSubpath()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, body, _) = await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body());

        Assert.Equal(200, status);
        var id = body.GetProperty("request_id").GetString();
        var root = new Uri(sandbox.Server.BaseAddress, $"fal-ai/flux-pro/requests/{id}").AbsoluteUri;
        Assert.Equal(root, body.GetProperty("response_url").GetString());
        Assert.Equal(root + "/status", body.GetProperty("status_url").GetString());
        Assert.Equal(root + "/cancel", body.GetProperty("cancel_url").GetString());
        Assert.Equal("IN_QUEUE", body.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData(null)]
    public async Task Submit_WithoutKeyScheme_Answers401(string? scheme)
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, _, _) = await SendAsync(http, HttpMethod.Post, Submit, scheme, body: Body());

        Assert.Equal(401, status);
        Assert.Equal(0, sandbox.Stats.SubmissionsAccepted);
    }

    [Fact]
    public async Task Submit_NumericSafetyTolerance_Answers422LiteralErrorInFastApiShape()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, body, _) = await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body(safety: 2));

        Assert.Equal(422, status);
        var error = Assert.Single(body.GetProperty("detail").EnumerateArray());
        Assert.Equal("""["body","safety_tolerance"]""", error.GetProperty("loc").GetRawText());
        Assert.Equal("literal_error", error.GetProperty("type").GetString());
        Assert.Equal("Input should be '1', '2', '3', '4', '5' or '6'", error.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Submit_WithoutFinetuneStrength_Answers422MissingBecauseFalHasNoDefault()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var body = Body();
        body.Remove("finetune_strength");

        var (status, answer, _) = await SendAsync(http, HttpMethod.Post, Submit, "Key", body: body);

        Assert.Equal(422, status);
        Assert.Equal("missing", Assert.Single(answer.GetProperty("detail").EnumerateArray()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task OverTheCap_QueuesInsteadOf429_ThenRunsAndCompletes()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.ActiveTaskCap = 1;
            o.Latency = TimeSpan.FromSeconds(10);
        });
        using var http = Bare(sandbox.Server.BaseAddress);
        await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body("first"));
        var (status, second, _) = await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body("second"));
        var statusUrl = second.GetProperty("status_url").GetString()!;

        var queued = (await SendAsync(http, HttpMethod.Get, statusUrl, "Key")).Body;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(11));
        var running = (await SendAsync(http, HttpMethod.Get, statusUrl, "Key")).Body;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(10));
        var completed = (await SendAsync(http, HttpMethod.Get, statusUrl + "?logs=1", "Key")).Body;

        Assert.Equal(200, status);
        Assert.Equal("IN_QUEUE", queued.GetProperty("status").GetString());
        Assert.Equal(0, queued.GetProperty("queue_position").GetInt32());
        Assert.Equal("IN_PROGRESS", running.GetProperty("status").GetString());
        Assert.Equal("COMPLETED", completed.GetProperty("status").GetString());
        Assert.True(completed.TryGetProperty("metrics", out _));
        Assert.Equal(0, sandbox.Stats.Throttled);
        Assert.Equal(1, sandbox.Stats.QueuedOnArrival);
    }

    [Fact]
    public async Task Result_Completed_ImagesWithReportedSizeAndContentTypeMatchingTheFile()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var submitted = (await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body())).Body;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));

        var (status, output, _) = await SendAsync(http, HttpMethod.Get, submitted.GetProperty("response_url").GetString()!, "Key");

        Assert.Equal(200, status);
        var image = Assert.Single(output.GetProperty("images").EnumerateArray());
        Assert.Equal(2752, image.GetProperty("width").GetInt32());
        Assert.Equal(1536, image.GetProperty("height").GetInt32());
        Assert.Equal("image/jpeg", image.GetProperty("content_type").GetString());
        Assert.Equal("[false]", output.GetProperty("has_nsfw_concepts").GetRawText());
        Assert.Equal(5, output.GetProperty("seed").GetInt64());
        var bytes = await http.GetByteArrayAsync(image.GetProperty("url").GetString());
        Assert.Equal(("jpeg", 2752, 1536), ImageProbe.Read(bytes));
    }

    [Fact]
    public async Task Result_BeforeCompletion_Answers400StillInProgress()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var submitted = (await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body())).Body;

        var (status, _, _) = await SendAsync(http, HttpMethod.Get, submitted.GetProperty("response_url").GetString()!, "Key");

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Status_WithTheEndpointSubpathKept_Is404()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var id = (await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body())).Body.GetProperty("request_id").GetString();

        var (status, _, _) = await SendAsync(http, HttpMethod.Get, $"{Submit}/requests/{id}/status", "Key");

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task ContentModeratedMarker_CompletesWithHasNsfwConceptsTrue()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var submitted = (await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body("x [sandbox:content-moderated]"))).Body;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));

        var output = (await SendAsync(http, HttpMethod.Get, submitted.GetProperty("response_url").GetString()!, "Key")).Body;

        Assert.Equal("[true]", output.GetProperty("has_nsfw_concepts").GetRawText());
    }

    [Fact]
    public async Task ErrorMarker_CompletedCarriesTheErrorAndTheResultFetchReturnsIt()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var submitted = (await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body("x [sandbox:error]"))).Body;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));

        var status = (await SendAsync(http, HttpMethod.Get, submitted.GetProperty("status_url").GetString()!, "Key")).Body;
        var (code, result, _) = await SendAsync(http, HttpMethod.Get, submitted.GetProperty("response_url").GetString()!, "Key");

        Assert.Equal("COMPLETED", status.GetProperty("status").GetString());
        Assert.Equal("internal_server_error", status.GetProperty("error_type").GetString());
        Assert.Equal(500, code);
        Assert.Equal(JsonValueKind.String, result.GetProperty("detail").ValueKind);
    }

    [Fact]
    public async Task RequestModeratedMarker_ResultIs422ContentPolicyViolation()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var submitted = (await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body("x [sandbox:request-moderated]"))).Body;

        var (code, result, _) = await SendAsync(http, HttpMethod.Get, submitted.GetProperty("response_url").GetString()!, "Key");

        Assert.Equal(422, code);
        Assert.Equal("content_policy_violation", result.GetProperty("detail")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Fill_MaskOfAnotherSize_Answers422()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);
        var body = new JsonObject
        {
            ["prompt"] = "fill",
            ["finetune_id"] = "ft",
            ["finetune_strength"] = 1.0,
            ["image_url"] = "data:image/png;base64," + SandboxRequests.PngBase64(64, 32),
            ["mask_url"] = "data:image/png;base64," + SandboxRequests.PngBase64(32, 32),
        };

        var (status, answer, _) = await SendAsync(http, HttpMethod.Post, "fal-ai/flux-pro/v1/fill-finetuned", "Key", body: body);

        Assert.Equal(422, status);
        Assert.Equal("""["body","mask_url"]""", answer.GetProperty("detail")[0].GetProperty("loc").GetRawText());
    }

    [Fact]
    public async Task Cancel_QueuedRequest_Accepted()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.ActiveTaskCap = 1);
        using var http = Bare(sandbox.Server.BaseAddress);
        await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body("first"));
        var queued = (await SendAsync(http, HttpMethod.Post, Submit, "Key", body: Body("second"))).Body;

        var (status, body, _) = await SendAsync(http, HttpMethod.Put, queued.GetProperty("cancel_url").GetString()!, "Key");

        Assert.Equal(202, status);
        Assert.Equal("CANCELLATION_REQUESTED", body.GetProperty("status").GetString());
    }
}
