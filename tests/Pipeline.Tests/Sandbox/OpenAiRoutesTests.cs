using System.Text.Json.Nodes;
using static Pipeline.Tests.Sandbox.ProtocolClient;

namespace Pipeline.Tests.Sandbox;

/// <summary>The sandbox's OpenAI-compatible images route behaves as docs/providers.md#openai-compatible-images documents for FLUX gateways.</summary>
public sealed class OpenAiRoutesTests
{
    private const string Path = "v1/images/generations";

    private static JsonObject Body(string prompt = "a kettle", string? responseFormat = null, string size = "2752x1536") => new()
    {
        ["model"] = "flux-pro-1.1-ultra-finetuned",
        ["prompt"] = prompt,
        ["n"] = 1,
        ["size"] = size,
        ["aspect_ratio"] = "16:9",
        ["response_format"] = responseFormat,
        ["output_format"] = "jpeg",
        ["seed"] = 3,
        ["finetune_id"] = "ft-1",
        ["finetune_strength"] = 1.2,
    };

    private static Task<SandboxHarness> Start(Action<Pipeline.Sandbox.SandboxOptions>? configure = null) =>
        SandboxHarness.StartAsync(o =>
        {
            o.Latency = TimeSpan.Zero;
            configure?.Invoke(o);
        });

    [Fact]
    public async Task Generate_UrlFormat_AnswersDataUrlOfExactlyTheRequestedSize()
    {
        await using var sandbox = await Start();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, body, response) = await SendAsync(http, HttpMethod.Post, Path, "Bearer", body: Body());

        Assert.Equal(200, status);
        Assert.StartsWith("req_", response.Headers.GetValues("x-request-id").Single(), StringComparison.Ordinal);
        Assert.Equal("2752x1536", body.GetProperty("size").GetString());
        var bytes = await http.GetByteArrayAsync(body.GetProperty("data")[0].GetProperty("url").GetString());
        Assert.Equal(("jpeg", 2752, 1536), ImageProbe.Read(bytes));
    }

    [Fact]
    public async Task Generate_B64Json_ImageInline()
    {
        await using var sandbox = await Start();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (_, body, _) = await SendAsync(http, HttpMethod.Post, Path, "Bearer", body: Body(responseFormat: "b64_json", size: "512x256"));

        var bytes = Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("b64_json").GetString()!);
        Assert.Equal(("jpeg", 512, 256), ImageProbe.Read(bytes));
    }

    [Fact]
    public async Task Generate_AlwaysInlineOption_B64JsonEvenWhenUrlAsked()
    {
        await using var sandbox = await Start(o => o.AlwaysInlineImages = true);
        using var http = Bare(sandbox.Server.BaseAddress);

        var (_, body, _) = await SendAsync(http, HttpMethod.Post, Path, "Bearer", body: Body(responseFormat: "url", size: "256x256"));

        Assert.True(body.GetProperty("data")[0].TryGetProperty("b64_json", out _));
    }

    [Fact]
    public async Task Generate_WrongKeyWithEcho_401InvalidApiKeyQuotingTheKey()
    {
        await using var sandbox = await Start(o =>
        {
            o.RequiredKey = "right-key";
            o.EchoRejectedKey = true;
        });
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, body, _) = await SendAsync(http, HttpMethod.Post, Path, "Bearer", "wrong-key-123456", Body());

        Assert.Equal(401, status);
        Assert.Equal("invalid_api_key", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("wrong-key-123456", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000x1000")]
    [InlineData("9000x512")]
    [InlineData("7:3")]
    public async Task Generate_SizeTheGatewayCannotRender_400NamingSize(string size)
    {
        await using var sandbox = await Start();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, body, _) = await SendAsync(http, HttpMethod.Post, Path, "Bearer", body: Body(size: size));

        Assert.Equal(400, status);
        Assert.Equal("size", body.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Generate_ModeratedMarker_400ContentPolicyViolation()
    {
        await using var sandbox = await Start();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, body, _) = await SendAsync(http, HttpMethod.Post, Path, "Bearer", body: Body("x [sandbox:request-moderated]"));

        Assert.Equal(400, status);
        Assert.Equal("content_policy_violation", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Generate_FinetunedModelWithoutFinetuneId_400()
    {
        await using var sandbox = await Start();
        using var http = Bare(sandbox.Server.BaseAddress);
        var body = Body();
        body.Remove("finetune_id");

        var (status, answer, _) = await SendAsync(http, HttpMethod.Post, Path, "Bearer", body: body);

        Assert.Equal(400, status);
        Assert.Equal("finetune_id", answer.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Generate_OverTheActiveTaskCap_429RateLimitExceeded()
    {
        await using var server = await Pipeline.Sandbox.SandboxServer.StartAsync(new Pipeline.Sandbox.SandboxOptions { ActiveTaskCap = 1, Latency = TimeSpan.FromMilliseconds(500) }, CancellationToken.None);
        using var http = Bare(server.BaseAddress);

        var first = SendAsync(http, HttpMethod.Post, Path, "Bearer", body: Body("a", size: "256x256"));
        while (server.ActiveTasks == 0)
        {
            await Task.Yield();
        }

        var (status, body, _) = await SendAsync(http, HttpMethod.Post, Path, "Bearer", body: Body("b", size: "256x256"));

        Assert.Equal(429, status);
        Assert.Equal("rate_limit_exceeded", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(200, (await first).Status);
    }
}
