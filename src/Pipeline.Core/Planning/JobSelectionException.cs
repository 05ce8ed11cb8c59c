namespace Pipeline.Planning;

/// <summary>
/// <c>run --only</c>/<c>--force</c> cannot say which jobs to render: a selector is malformed, names an axis or value
/// the plan does not have, or matches no job; or <c>--force</c> came without <c>--only</c>. Nothing was called or
/// written; the CLI exits 2.
/// </summary>
public sealed class JobSelectionException : Exception
{
    public JobSelectionException()
    {
    }

    public JobSelectionException(string message)
        : base(message)
    {
    }

    public JobSelectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
