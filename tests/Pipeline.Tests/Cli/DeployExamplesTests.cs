using System.Text.RegularExpressions;
using Pipeline.Cli;
using Pipeline.Execution;
using Pipeline.Tests.Support;
using Pipeline.Domain;

namespace Pipeline.Tests.Cli;

/// <summary>
/// The commands in deploy/ parse with the real command line, and their shards cover 1..n exactly once: a typo
/// there would only show on a cluster or in CI.
/// </summary>
public sealed partial class DeployExamplesTests
{
    [Fact]
    public void KubernetesIndexedJob_EachPodsCommandParsesAndThePodsCoverEveryShardOnce()
    {
        var yaml = File.ReadAllText(Path.Combine(Repo.Root, "deploy", "k8s", "indexed-job.yaml"));
        var completions = int.Parse(Field(yaml, "completions"), System.Globalization.CultureInfo.InvariantCulture);
        var command = PipelineRunLine(yaml);

        // JOB_COMPLETION_INDEX is 0-based; the shell's $((JOB_COMPLETION_INDEX+1)) makes the 1-based shard.
        var shards = Enumerable.Range(0, completions)
            .Select(index => ParsedShard(command.Replace("$((JOB_COMPLETION_INDEX+1))", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            .ToList();

        Assert.Equal(Enumerable.Range(1, completions).Select(i => new Shard(i, completions)), shards);
        Assert.Equal(Field(yaml, "parallelism"), Field(yaml, "completions"));
    }

    [Fact]
    public void GitHubActionsMatrix_EachJobsCommandParsesAndTheMatrixCoversEveryShardOnce()
    {
        var yaml = File.ReadAllText(Path.Combine(Repo.Root, "deploy", "github", "render.yml"));
        var matrix = MatrixPattern().Match(yaml).Groups[1].Value.Split(',').Select(v => v.Trim()).ToList();
        var command = PipelineRunLine(yaml);

        var shards = matrix.Select(value => ParsedShard(command.Replace("${{ matrix.shard }}", value, StringComparison.Ordinal))).ToList();

        Assert.Equal(Enumerable.Range(1, matrix.Count).Select(i => new Shard(i, matrix.Count)), shards);
        Assert.Contains("cron:", yaml, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Repo.Root, command.Split(' ')[2])), "the workflow renders a manifest of this repository");
    }

    /// <summary>The <c>pipeline run …</c> command of a deploy file, from <c>pipeline</c> to the end of its line.</summary>
    private static string PipelineRunLine(string text)
    {
        var line = Assert.Single(text.Split('\n'), l => l.Contains("pipeline run ", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'));
        return line[line.IndexOf("pipeline run ", StringComparison.Ordinal)..].Trim();
    }

    private static Shard ParsedShard(string command)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
        var parse = PipelineCli.Create(_ => null).Parse(args);

        Assert.True(parse.Errors.Count == 0, command + ": " + string.Join("; ", parse.Errors.Select(e => e.Message)));
        return Shard.Parse(parse.GetValue<string>("--shard")!);
    }

    private static string Field(string yaml, string name) =>
        Regex.Match(yaml, $@"^\s*{name}:\s*(\d+)", RegexOptions.Multiline).Groups[1].Value;

    [GeneratedRegex(@"shard:\s*\[([^\]]*)\]")]
    private static partial Regex MatrixPattern();
}
