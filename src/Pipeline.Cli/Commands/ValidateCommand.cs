using System.CommandLine;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;

using Pipeline.Manifests.Reading;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline validate &lt;manifest&gt;</c>: load, type-check and expand; no calls, no writes.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var manifest = new Argument<string>("manifest") { Description = "Path to the campaign manifest (YAML)." };
        var provider = new Option<string?>("--provider") { Description = $"Check the plan against this provider instead of the manifest's: {string.Join(", ", ProviderCatalog.Names)}." };
        var command = new Command("validate", "Check a manifest and its whole plan; calls nothing, writes nothing.") { manifest, provider };
        command.SetAction((parse, _) =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var loaded = new ManifestLoader().Load(parse.GetRequiredValue(manifest));
                if (parse.GetValue(provider) is { } name)
                {
                    // As run --provider does: the same capability table and the adapter's own mapping table.
                    loaded = ProviderCatalog.Find(name) is null
                        ? throw new ProviderConfigurationException($"--provider '{name}' is not one of {string.Join(", ", ProviderCatalog.Names)}.")
                        : loaded with { Provider = name };
                }

                var plan = Planner.Expand(loaded);
                if (ProviderRequests.Problems(loaded.Provider, plan.Jobs) is { Count: > 0 } problems)
                {
                    throw new ProviderConfigurationException($"the plan cannot render on provider '{loaded.Provider}': {string.Join("; ", problems)}.");
                }

                var m = plan.Manifest;
                output.WriteLine($"ok: {m.SourcePath}: campaign '{m.Campaign}', {plan.Jobs.Count} jobs on {m.Provider} ({m.Model})");
                return Task.FromResult(ExitCodes.Ok);
            }
            catch (Exception ex) when (InputErrors.TryReport(ex, parse.InvocationConfiguration.Error))
            {
                return Task.FromResult(ExitCodes.InvalidInput);
            }
        });
        return command;
    }
}
