using System.Text.Json;
using static Pipeline.Tests.Sandbox.SandboxRequests;

namespace Pipeline.Tests.Sandbox;

public sealed class RequestLogTests
{
    [Fact]
    public async Task RequestLog_SubmitPollsAndDownload_OneJsonLineEachOnTheSandboxClock()
    {
        var path = Path.Combine(Path.GetTempPath(), $"requests-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var sandbox = await SandboxHarness.StartAsync(o => o.RequestLogPath = path))
            {
                var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody("kettle"))).GetProperty("id").GetString()!;
                await sandbox.PollAsync(id);
                sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
                var sample = (await sandbox.PollAsync(id)).GetProperty("result").GetProperty("sample").GetString()!;
                using var download = await sandbox.Http.GetAsync(new Uri(sample));
                Assert.True(download.IsSuccessStatusCode);
            }

            var lines = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToList();

            Assert.Equal(["submit", "poll", "poll", "download"], lines.Select(l => l.GetProperty("kind").GetString()));
            Assert.All(lines, l => Assert.False(string.IsNullOrEmpty(l.GetProperty("id").GetString())));
            Assert.Equal(["Pending", "Ready"], lines.Where(l => l.GetProperty("kind").GetString() == "poll").Select(l => l.GetProperty("status").GetString()));
            Assert.Equal(1000, lines[2].GetProperty("t").GetDouble() - lines[1].GetProperty("t").GetDouble(), precision: 3);
            Assert.True(lines[0].GetProperty("end").GetDouble() > lines[0].GetProperty("t").GetDouble());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
