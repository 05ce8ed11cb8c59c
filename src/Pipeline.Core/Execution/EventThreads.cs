namespace Pipeline.Execution;

/// <summary>
/// Lets socket completions run on the runtime's socket event threads rather than hop to the thread pool
/// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, a Unix switch since .NET 5, dotnet/runtime#34945). Between
/// two network events the executor does little (parse a status, append a ledger line, send the next request), so
/// waking a pool thread for each event costs more than the work: on the 2-core bench VM, a quarter of the CPU per
/// job. The one long step, verifying and filing a result, moves to the pool itself (<see cref="StoreStep"/>).
/// </summary>
public static class EventThreads
{
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns the switch on for this process (and processes it starts) unless the environment already sets it. Call
    /// before the first socket is created: the runtime reads the switch once.
    /// </summary>
    public static void RunSocketCompletionsInline()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }
}
