using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace Pipeline.Tests.Support;

/// <summary>
/// Approval tests without a package (docs/architecture.md#28-snapshot-tests-without-a-package). Snapshots are plain text in a
/// <c>__snapshots__</c> folder next to the test file, named <c>{TestFile}.{TestMethod}[.{Discriminator}].snap</c>,
/// with <c>\n</c> line endings and one final newline. Strict by default: a missing or different snapshot fails and
/// leaves <c>*.received.snap</c> (git-ignored) to review; <c>UPDATE_SNAPSHOTS=1</c> writes or accepts them.
/// </summary>
internal static class Snapshot
{
    private const string UpdateVariable = "UPDATE_SNAPSHOTS";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void Match(
        string actual,
        string? discriminator = null,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string testName = "")
    {
        var testDirectory = Path.GetDirectoryName(sourceFile)!;
        if (!Directory.Exists(testDirectory))
        {
            // [CallerFilePath] was path-mapped (ContinuousIntegrationBuild => /_/...): refuse rather than write elsewhere.
            throw new XunitException($"Test source folder '{testDirectory}' does not exist; set <DeterministicSourcePaths>false</DeterministicSourcePaths> in the test project.");
        }

        var directory = Path.Combine(testDirectory, "__snapshots__");
        var stem = Path.GetFileNameWithoutExtension(sourceFile) + "." + testName + (discriminator is null ? string.Empty : "." + discriminator);
        var snapPath = Path.Combine(directory, stem + ".snap");
        var receivedPath = Path.Combine(directory, stem + ".received.snap");
        var normalized = Normalize(actual);

        if (Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(snapPath, normalized, Utf8NoBom);
            File.Delete(receivedPath);
            return;
        }

        if (File.Exists(snapPath) && File.ReadAllText(snapPath, Utf8NoBom) == normalized)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, normalized, Utf8NoBom);
        throw new XunitException(File.Exists(snapPath)
            ? $"Snapshot mismatch: {snapPath}{Environment.NewLine}{FirstDifference(File.ReadAllText(snapPath, Utf8NoBom), normalized)}{Environment.NewLine}Review {receivedPath}; rerun with {UpdateVariable}=1 to accept."
            : $"Missing snapshot: {snapPath}. Review {receivedPath}; rerun with {UpdateVariable}=1 to accept.");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end of snapshot>";
            var right = i < a.Length ? a[i] : "<end of output>";
            if (left != right)
            {
                return $"line {i + 1}:{Environment.NewLine}  expected: {left}{Environment.NewLine}  actual:   {right}";
            }
        }

        return "(no textual difference)";
    }
}
