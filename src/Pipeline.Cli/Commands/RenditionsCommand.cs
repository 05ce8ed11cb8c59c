using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Pipeline.Domain;
using Pipeline.Execution;
using Pipeline.Manifests.Reading;
using Pipeline.Planning;
using Pipeline.Records;
using Pipeline.Renditions;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline renditions &lt;campaign-dir&gt; [--manifest M]</c>: derive the renditions of every verified master already
/// in a campaign folder; calls no provider. The specs come from <c>--manifest</c>, else from the manifest the campaign's
/// lock names, looked up in the working directory and in <c>manifests/</c>.
/// </summary>
internal static class RenditionsCommand
{
    public static Command Create()
    {
        var dir = CampaignArgument.Create();
        var manifest = new Option<string?>("--manifest") { Description = "The campaign manifest whose renditions: to derive (default: the one campaign.lock.json names, if found)." };
        var command = new Command("renditions", "Derive the renditions a manifest lists for every verified image of a campaign folder; only missing, damaged or changed ones are written; calls no provider. Exit 1 if one fails.") { dir, manifest };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var io = parse.InvocationConfiguration;
            var path = parse.GetRequiredValue(dir);
            CampaignFolder folder;
            IReadOnlyList<RenditionSpec> specs;
            try
            {
                folder = NotACampaignException.Require(path);
                var manifestPath = parse.GetValue(manifest) ?? Locate(folder)
                    ?? throw new FileNotFoundException($"no manifest found for {Path.GetFileName(folder.Root)}; pass --manifest <file>");
                var loaded = new ManifestLoader().Load(manifestPath);
                if (loaded.Campaign != Path.GetFileName(folder.Root))
                {
                    await io.Error.WriteLineAsync($"error: {manifestPath} is campaign '{loaded.Campaign}', not '{Path.GetFileName(folder.Root)}'.");
                    return ExitCodes.InvalidInput;
                }

                specs = loaded.Renditions;
            }
            catch (NotACampaignException ex)
            {
                await io.Error.WriteLineAsync("error: " + ex.Message);
                return ExitCodes.InvalidInput;
            }
            catch (Exception ex) when (InputErrors.TryReport(ex, io.Error))
            {
                return ExitCodes.InvalidInput;
            }

            if (specs.Count == 0)
            {
                await io.Output.WriteLineAsync("the manifest lists no renditions: nothing to derive.");
                return ExitCodes.Ok;
            }

            var runId = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
            RenditionTally tally;
            try
            {
                // A run derives renditions too: one writer of renditions.csv at a time.
                using var busy = RunLock.Acquire(folder);
                tally = await CampaignRenditions.DeriveAsync(folder, specs, runId, TimeProvider.System, cancellationToken);
            }
            catch (CampaignBusyException ex)
            {
                await io.Error.WriteLineAsync("error: " + ex.Message);
                return ExitCodes.InvalidInput;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await io.Error.WriteLineAsync("interrupted: run the same command again to derive the rest.");
                return ExitCodes.Interrupted;
            }
            catch (FormatException ex)
            {
                await io.Error.WriteLineAsync("error: unreadable log: " + ex.Message);
                return ExitCodes.JobsFailed;
            }

            await io.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"renditions: {tally.Derived} derived, {tally.Current} already current, {tally.Failed} failed ({specs.Count} spec(s))"));
            await io.Output.WriteLineAsync("log:        " + RunReport.Shown(folder.RenditionsLogPath));
            return tally.Failed == 0 ? ExitCodes.Ok : ExitCodes.JobsFailed;
        });
        return command;
    }

    /// <summary>The manifest <c>campaign.lock.json</c> names (a file name only): in the working directory or in <c>manifests/</c>.</summary>
    private static string? Locate(CampaignFolder folder)
    {
        if (CampaignLock.Read(folder.LockPath)?.Manifest is not { Length: > 0 } name)
        {
            return null;
        }

        return new[] { name, Path.Combine("manifests", name) }.FirstOrDefault(File.Exists);
    }
}
