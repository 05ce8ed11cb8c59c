using Pipeline.Execution;

namespace Pipeline.Tests.Execution;

// The runtime reads the switch once, at its first socket, so changing it here affects nothing else in this process.
public sealed class EventThreadsTests : IDisposable
{
    private readonly string? _before = Environment.GetEnvironmentVariable(EventThreads.InlineCompletionsVariable);

    [Fact]
    public void RunSocketCompletionsInline_NotSet_TurnsTheSwitchOn()
    {
        Environment.SetEnvironmentVariable(EventThreads.InlineCompletionsVariable, null);

        EventThreads.RunSocketCompletionsInline();

        Assert.Equal("1", Environment.GetEnvironmentVariable(EventThreads.InlineCompletionsVariable));
    }

    [Fact]
    public void RunSocketCompletionsInline_SetByTheUser_KeepsTheirValue()
    {
        Environment.SetEnvironmentVariable(EventThreads.InlineCompletionsVariable, "0");

        EventThreads.RunSocketCompletionsInline();

        Assert.Equal("0", Environment.GetEnvironmentVariable(EventThreads.InlineCompletionsVariable));
    }

    public void Dispose() => Environment.SetEnvironmentVariable(EventThreads.InlineCompletionsVariable, _before);
}
