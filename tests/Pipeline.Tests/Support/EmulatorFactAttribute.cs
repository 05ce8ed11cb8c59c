namespace Pipeline.Tests.Support;

/// <summary>
/// A test that runs against the local object-store emulators (<see cref="ObjectStoreEmulators"/>: Azurite and s3rver,
/// npm packages in <c>tests/emulators</c>). Skipped, with a message saying how to get Node.js, only when <c>node</c>
/// is absent outside CI; in CI (<c>CI=true</c>) it always runs, so a missing emulator fails the build.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EmulatorFactAttribute : FactAttribute
{
    public EmulatorFactAttribute()
    {
        if (!ObjectStoreEmulators.NodeAvailable && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "node is not installed (apt-get install -y nodejs npm); outside CI the object-store emulator tests are skipped.";
        }
    }
}
