using static Pipeline.Tests.Sandbox.ProtocolClient;
using static Pipeline.Tests.Sandbox.SandboxRequests;

namespace Pipeline.Tests.Sandbox;

/// <summary>The sandbox's CometAPI routes: BFL's protocol under /flux/v1/ with Bearer auth (docs/providers.md#cometapi-bfl-pass-through).</summary>
public sealed class CometApiRoutesTests
{
    [Fact]
    public async Task Submit_WithBearer_PollingUrlUnderFluxV1AndReadyAfterTheLatency()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var http = Bare(sandbox.Server.BaseAddress);

        var (status, submitted, _) = await SendAsync(http, HttpMethod.Post, $"flux/v1/{UltraFinetuned}", "Bearer", body: UltraFinetunedBody());
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        var polling = submitted.GetProperty("polling_url").GetString()!;
        var result = (await SendAsync(http, HttpMethod.Get, polling, "Bearer")).Body;

        Assert.Equal(200, status);
        Assert.StartsWith(new Uri(sandbox.Server.BaseAddress, "flux/v1/get_result?id=").AbsoluteUri, polling, StringComparison.Ordinal);
        Assert.Equal("Ready", result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Submit_WithXKeyOnly_Answers401()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        using var response = await sandbox.Http.PostAsync($"flux/v1/{UltraFinetuned}", new StringContent(UltraFinetunedBody().ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(401, (int)response.StatusCode);
    }
}
