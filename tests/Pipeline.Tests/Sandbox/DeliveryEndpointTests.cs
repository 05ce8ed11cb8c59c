using System.Net.Http.Headers;
using static Pipeline.Tests.Sandbox.SandboxRequests;

namespace Pipeline.Tests.Sandbox;

public sealed class DeliveryEndpointTests
{
    [Fact]
    public async Task Download_Ready_ServesContentTypeAndLength()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var sample = await ReadySampleUrlAsync(sandbox, UltraFinetunedBody(format: "png"));

        using var response = await sandbox.Http.GetAsync(sample);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(MediaTypeHeaderValue.Parse("image/png"), response.Content.Headers.ContentType);
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.EndsWith("/sample.png", sample, StringComparison.Ordinal);
        Assert.Equal(1, sandbox.Stats.Downloads);
    }

    [Fact]
    public async Task Download_AfterUrlLifetime_Answers403AndARepollGivesAWorkingUrl()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.SampleUrlLifetime = TimeSpan.FromMinutes(10));
        var id = (await sandbox.SubmitAsync(ProFinetuned, ProFinetunedBody())).GetProperty("id").GetString()!;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        var expiring = (await sandbox.PollAsync(id)).GetProperty("result").GetProperty("sample").GetString()!;
        sandbox.Clock.Advance(TimeSpan.FromMinutes(10));

        using var expired = await sandbox.Http.GetAsync(expiring);
        var fresh = (await sandbox.PollAsync(id)).GetProperty("result").GetProperty("sample").GetString()!;
        using var retried = await sandbox.Http.GetAsync(fresh);

        Assert.Equal(403, (int)expired.StatusCode);
        Assert.Contains("AuthenticationFailed", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(expiring, fresh);
        Assert.Equal(200, (int)retried.StatusCode);
        Assert.Equal(1, sandbox.Stats.ExpiredDownloads);
    }

    [Fact]
    public async Task Download_JustBeforeExpiry_Succeeds()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.SampleUrlLifetime = TimeSpan.FromMinutes(1));
        var sample = await ReadySampleUrlAsync(sandbox, ProFinetunedBody());
        sandbox.Clock.Advance(TimeSpan.FromSeconds(59));

        using var response = await sandbox.Http.GetAsync(sample);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Download_UnknownToken_Answers404()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        using var response = await sandbox.Http.GetAsync("delivery/0123456789abcdef/sample.jpg");

        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Download_WithTruncateFirstDownload_FirstIsCutShortSecondIsComplete()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.TruncateFirstDownload = true);
        var sample = await ReadySampleUrlAsync(sandbox, ProFinetunedBody());

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => sandbox.Http.GetByteArrayAsync(sample));
        var complete = await sandbox.Http.GetByteArrayAsync(sample);

        Assert.Equal(("jpeg", 1024, 768), ImageProbe.Read(complete));
        Assert.Equal(2, sandbox.Stats.Downloads);
        Assert.Equal(1, sandbox.Stats.TruncatedDownloads);
    }

    [Fact]
    public async Task Download_TruncatedWithStreamingRead_DeliversHalfTheBytesThenFails()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.TruncateFirstDownload = true);
        var sample = await ReadySampleUrlAsync(sandbox, ProFinetunedBody());

        using var response = await sandbox.Http.GetAsync(sample, HttpCompletionOption.ResponseHeadersRead);
        var promised = response.Content.Headers.ContentLength!.Value;
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = 0L;
        var buffer = new byte[64 * 1024];
        var failure = await Record.ExceptionAsync(async () =>
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }
        });

        Assert.NotNull(failure);
        Assert.Equal(promised / 2, received);
    }

    private static async Task<string> ReadySampleUrlAsync(SandboxHarness sandbox, System.Text.Json.Nodes.JsonObject body)
    {
        var model = body.ContainsKey("aspect_ratio") ? UltraFinetuned : ProFinetuned;
        var id = (await sandbox.SubmitAsync(model, body)).GetProperty("id").GetString()!;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        return (await sandbox.PollAsync(id)).GetProperty("result").GetProperty("sample").GetString()!;
    }
}
