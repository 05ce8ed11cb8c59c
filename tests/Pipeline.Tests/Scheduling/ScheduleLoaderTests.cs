using Pipeline.Notifications;
using System.Text.Json;
using Pipeline.Manifests;
using Pipeline.Scheduling;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Scheduling;

public sealed class ScheduleLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Load_ValidFile_ResolvesPathsAgainstItsFolderAndAppliesDefaults()
    {
        _dir.Write("campaigns/a.yaml", "not read here");
        var path = _dir.Write("ops/schedules.yaml", """
            version: 1
            schedules:
              - manifest: ../campaigns/a.yaml
                cron: "0 6 * * 1"
              - name: a-nightly
                manifest: ../campaigns/a.yaml
                cron: "0 30 2 ? * *"
                timezone: Europe/Berlin
                provider: bfl
                base_url: http://127.0.0.1:9000/
                output: ../renders
            """);

        var file = ScheduleLoader.Load(path);

        Assert.Equal(2, file.Entries.Count);
        var (weekly, nightly) = (file.Entries[0], file.Entries[1]);
        Assert.Equal("a", weekly.Name);
        Assert.Equal(_dir.File("campaigns/a.yaml"), weekly.ManifestPath);
        Assert.Equal(TimeZoneInfo.Utc, weekly.Cron.TimeZone);
        Assert.Null(weekly.OutputRoot);
        Assert.Equal("Europe/Berlin", nightly.Cron.TimeZone.Id);
        Assert.Equal("bfl", nightly.Provider);
        Assert.Equal(new Uri("http://127.0.0.1:9000/"), nightly.BaseUrl);
        Assert.Equal(_dir.File("renders"), nightly.OutputRoot);
    }

    [Fact]
    public void Load_RepositoryExample_IsValid()
    {
        var file = ScheduleLoader.Load(Path.Combine(Repo.Root, "manifests", "schedules", "weekly.yaml"));

        Assert.Equal(["acme-weekly", "acme-nightly-sweep"], file.Entries.Select(e => e.Name));
        Assert.All(file.Entries, e => Assert.Equal(Repo.Manifest("example.yaml"), e.ManifestPath));
    }

    [Fact]
    public void Load_EveryKindOfMistake_ReportsEachAtFileLineColumn()
    {
        _dir.Write("a.yaml", "not read here");
        var path = _dir.Write("bad.yaml", """
            version: 1
            schedules:
              - manifest: a.yaml
                cron: "0 6 1 * 1"
              - manifest: missing.yaml
                cron: "0 6 * * *"
                timezone: Mars/Olympus
              - name: a
                manifest: a.yaml
                cron: "0 6 * * *"
                provder: bfl
                base_url: ftp://x
              - manifest: a.yaml
                cron: "0 7 * * *"
                provider: dall-e
            """);

        var errors = Assert.Throws<ManifestException>(() => ScheduleLoader.Load(path)).Errors.Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.Contains("bad.yaml:4:11: schedules[0].cron: invalid cron '0 6 1 * 1': day-of-month and day-of-week are both restricted", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bad.yaml:5:15: schedules[1].manifest: manifest 'missing.yaml' not found", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bad.yaml:7:15: schedules[1].timezone: unknown time zone 'Mars/Olympus'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bad.yaml:11:5: schedules[2].provder: unknown key 'provder' (did you mean 'provider'?)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bad.yaml:12:15: schedules[2].base_url: 'ftp://x' is not an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bad.yaml:13:5: schedules[3]: duplicate name 'a'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bad.yaml:15:15: schedules[3].provider: unknown provider 'dall-e'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "the schedules file is empty")]
    [InlineData("version: 2\nschedules: []", "unsupported schedules version 2")]
    [InlineData("version: 1\nschedules: []", "the list is empty")]
    [InlineData("version: 1\nschedules:\n  - cron: '@daily'", "missing required key 'manifest'")]
    public void Parse_TopLevelMistakes_SayWhatIsExpected(string yaml, string expected)
    {
        var ex = Assert.Throws<ManifestException>(() => ScheduleLoader.Parse(yaml, "s.yaml", _dir.Path));

        Assert.Contains(ex.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_EntryProperties_MatchWhatTheLoaderAccepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "schemas", "schedules.schema.json")));
        var entry = schema.RootElement.GetProperty("definitions").GetProperty("entry");
        var properties = entry.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(["base_url", "cron", "manifest", "name", "notify", "output", "provider", "timezone"], properties);
        Assert.Equal(["manifest", "cron"], entry.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var notify = schema.RootElement.GetProperty("definitions").GetProperty("notify");
        Assert.Equal(["on", "webhook"], notify.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(RunEndings.Names, notify.GetProperty("properties").GetProperty("on").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["notify", "schedules", "version"], schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_NotifyAtTopAndInAnEntry_EntryWinsAndOnDefaultsToEveryEnding()
    {
        _dir.Write("m.yaml", "x");
        var yaml = "version: 1\nnotify: {webhook: 'http://127.0.0.1:9/all'}\nschedules:\n  - name: a\n    manifest: m.yaml\n    cron: '@daily'\n"
            + "  - name: b\n    manifest: m.yaml\n    cron: '@daily'\n    notify: {webhook: 'http://127.0.0.1:9/b', on: [failed, budget]}\n";

        var file = ScheduleLoader.Parse(yaml, "s.yaml", _dir.Path);

        Assert.Equal(new Uri("http://127.0.0.1:9/all"), file.Entries[0].Notify!.Webhook);
        Assert.Equal(NotifySettings.Always, file.Entries[0].Notify!.On);
        Assert.Equal(new Uri("http://127.0.0.1:9/b"), file.Entries[1].Notify!.Webhook);
        Assert.Equal([RunEnding.Failed, RunEnding.Budget], file.Entries[1].Notify!.On.Order());
    }

    [Fact]
    public void Parse_NotifyMistakes_LocatedWithWhatIsAllowedAndTheUrlNeverEchoed()
    {
        _dir.Write("m.yaml", "x");
        var yaml = "version: 1\nschedules:\n  - manifest: m.yaml\n    cron: '@daily'\n    notify:\n      webhook: 'ftp://secret-token@host'\n      on: [sometimes]\n      when: now\n";

        var ex = Assert.Throws<ManifestException>(() => ScheduleLoader.Parse(yaml, "s.yaml", _dir.Path));

        var text = string.Join("\n", ex.Errors.Select(e => e.ToString()));
        Assert.Contains("s.yaml:6:16: schedules[0].notify.webhook: the webhook is not an absolute http(s) URL", text, StringComparison.Ordinal);
        Assert.Contains("s.yaml:7:12: schedules[0].notify.on[0]:", text, StringComparison.Ordinal);
        Assert.Contains("succeeded, failed, budget, interrupted", text, StringComparison.Ordinal);
        Assert.Contains("s.yaml:8:7: schedules[0].notify.when: unknown key 'when'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", text, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
