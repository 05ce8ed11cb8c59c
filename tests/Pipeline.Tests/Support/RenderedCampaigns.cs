using System.Collections.Concurrent;
using Pipeline.Execution;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Support;

/// <summary>
/// Campaigns rendered once per test run on a real loopback sandbox, and copied into a test's own folder so that it
/// can tamper with the copy. Rendering the example campaign takes seconds; copying it, milliseconds.
/// </summary>
public static class RenderedCampaigns
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "pipeline-tests", "rendered-" + Environment.ProcessId);
    private static readonly ConcurrentDictionary<string, Lazy<Task<CampaignFolder>>> Rendered = new(StringComparer.Ordinal);

    static RenderedCampaigns() => AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(Root);

    /// <summary>A fresh copy of the campaign <paramref name="manifestPath"/> renders, in <paramref name="outputRoot"/>.</summary>
    public static async Task<CampaignFolder> CopyAsync(string manifestPath, string outputRoot)
    {
        // Keyed by content: tests that write the same manifest into their own folders share one rendering.
        var key = await File.ReadAllTextAsync(manifestPath);
        var source = await Rendered.GetOrAdd(key, _ => new Lazy<Task<CampaignFolder>>(() => RenderAsync(manifestPath))).Value;
        var target = Path.Combine(outputRoot, Path.GetFileName(source.Root));
        foreach (var file in Directory.EnumerateFiles(source.Root, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return new CampaignFolder(target);
    }

    /// <summary>The example campaign (<c>manifests/example.yaml</c>, 24 jobs), copied into <paramref name="outputRoot"/>.</summary>
    public static Task<CampaignFolder> ExampleAsync(string outputRoot) => CopyAsync(Repo.Manifest("example.yaml"), outputRoot);

    private static async Task<CampaignFolder> RenderAsync(string manifestPath)
    {
        var output = Path.Combine(Root, Guid.NewGuid().ToString("N")[..8]);
        await using var sandbox = await SandboxHarness.StartAsync();
        var summary = await sandbox.RunAsync(manifestPath, output);
        if (!summary.AllVerified)
        {
            throw new InvalidOperationException($"{manifestPath} did not render cleanly: " + string.Join("; ", summary.Outcomes.Select(o => $"{o.JobId} {o.Status} {o.Detail}")));
        }

        var campaign = Directory.GetDirectories(output).Single();
        return new CampaignFolder(campaign);
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
