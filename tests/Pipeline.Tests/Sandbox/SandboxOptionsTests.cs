using Pipeline.Sandbox;

namespace Pipeline.Tests.Sandbox;

public sealed class SandboxOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        var options = new SandboxOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(24, options.ActiveTaskCap);
        Assert.Equal(TimeSpan.FromMilliseconds(300), options.Latency);
        Assert.Equal(TimeSpan.FromMinutes(10), options.SampleUrlLifetime);
        Assert.Equal(42, options.RandomSeed);
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }

    [Fact]
    public void Validate_EverySettingWrong_ListsEveryError()
    {
        var options = new SandboxOptions
        {
            Port = -1,
            RequiredKey = string.Empty,
            Latency = TimeSpan.FromSeconds(-1),
            LatencyJitter = TimeSpan.FromSeconds(-1),
            SampleUrlLifetime = TimeSpan.Zero,
            ActiveTaskCap = 0,
            RetryAfterSeconds = -1,
            Credits = -1,
            ModerationRate = 1.5,
            SubmitFailureRate = -0.1,
            PollFailureRate = double.NaN,
            DropConnectionRate = 2,
            TimeProvider = null!,
        };

        var errors = options.Validate();

        Assert.Equal(13, errors.Count);
    }
}
