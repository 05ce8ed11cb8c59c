namespace Pipeline.Tests.Support;

/// <summary>
/// A test that drives Debian's chromium. It is skipped, with a message saying how to install it, only when chromium
/// is absent outside CI; in CI (<c>CI=true</c>) it always runs, so a missing browser fails the build.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"chromium is not installed at {ExecutablePath} (apt-get install -y chromium); outside CI this browser test is skipped.";
        }
    }
}
