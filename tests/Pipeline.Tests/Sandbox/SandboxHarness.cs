using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Sandbox;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Sandbox;

/// <summary>A sandbox on an ephemeral loopback port with a manual clock, and a client that sends <c>x-key</c>.</summary>
internal sealed class SandboxHarness : IAsyncDisposable
{
    public const string Key = "test-key";

    private SandboxHarness(SandboxServer server, ManualTimeProvider clock)
    {
        Server = server;
        Clock = clock;
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("x-key", Key);
    }

    public SandboxServer Server { get; }

    public ManualTimeProvider Clock { get; }

    public HttpClient Http { get; }

    public SandboxStats Stats => Server.Stats;

    public static async Task<SandboxHarness> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var clock = new ManualTimeProvider();
        var options = new SandboxOptions { TimeProvider = clock };
        configure?.Invoke(options);
        var server = await SandboxServer.StartAsync(options, CancellationToken.None);
        return new SandboxHarness(server, clock);
    }

    public Task<HttpResponseMessage> PostAsync(string model, JsonObject body) => PostRawAsync(model, body.ToJsonString());

    public Task<HttpResponseMessage> PostRawAsync(string model, string json) =>
        Http.PostAsync($"v1/{model}", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Submits and asserts 200; returns the answer body.</summary>
    public async Task<JsonElement> SubmitAsync(string model, JsonObject body)
    {
        using var response = await PostAsync(model, body);
        Assert.Equal(200, (int)response.StatusCode);
        return await ReadJsonAsync(response);
    }

    /// <summary>Polls by id and asserts 200; returns the answer body.</summary>
    public async Task<JsonElement> PollAsync(string id)
    {
        using var response = await Http.GetAsync($"v1/get_result?id={Uri.EscapeDataString(id)}");
        Assert.Equal(200, (int)response.StatusCode);
        return await ReadJsonAsync(response);
    }

    /// <summary>Submits, moves the clock past the latency, polls until Ready, and downloads the sample.</summary>
    public async Task<byte[]> RenderAsync(string model, JsonObject body)
    {
        var submitted = await SubmitAsync(model, body);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var result = await PollAsync(submitted.GetProperty("id").GetString()!);
        Assert.Equal("Ready", result.GetProperty("status").GetString());
        return await Http.GetByteArrayAsync(result.GetProperty("result").GetProperty("sample").GetString());
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
