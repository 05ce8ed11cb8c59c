namespace Pipeline.Execution;

/// <summary>Starts the built-in offline provider on loopback for <c>provider: sandbox</c> (implemented outside the engine).</summary>
public interface ISandboxHost
{
    /// <summary>Starts the sandbox once and returns its base URL (later calls return the same URL).</summary>
    Task<Uri> StartAsync(CancellationToken cancellationToken);
}
