namespace Pipeline.Review;

/// <summary>Another <c>pipeline review</c> is serving this campaign; its decisions go through that server.</summary>
public sealed class ReviewBusyException : Exception
{
    public ReviewBusyException()
        : this("Another review server is serving this campaign.")
    {
    }

    public ReviewBusyException(string message)
        : base(message)
    {
    }

    public ReviewBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
