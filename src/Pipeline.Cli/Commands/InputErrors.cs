using Pipeline.Execution;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Providers;

namespace Pipeline.Cli.Commands;

/// <summary>Prints the errors that mean "fix your input" and maps them to exit code 2.</summary>
internal static class InputErrors
{
    public static bool TryReport(Exception exception, TextWriter error)
    {
        switch (exception)
        {
            case ManifestException manifest when manifest.Errors.Count > 0:
                foreach (var e in manifest.Errors)
                {
                    error.WriteLine(e.ToString());
                }

                error.WriteLine(manifest.Errors.Count == 1 ? "1 error; nothing was run." : $"{manifest.Errors.Count} errors; nothing was run.");
                return true;
            case JobSelectionException:
                // One line per selector problem, each as grep-able as a single error.
                foreach (var line in exception.Message.Split('\n'))
                {
                    error.WriteLine("error: " + line.TrimEnd('\r'));
                }

                return true;
            case ManifestException or ProviderConfigurationException or CampaignLockException or PlanOverBudgetException:
                error.WriteLine("error: " + exception.Message);
                return true;
            case FileNotFoundException or DirectoryNotFoundException:
                error.WriteLine("error: " + exception.Message);
                return true;
            default:
                return false;
        }
    }
}
