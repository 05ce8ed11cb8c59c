namespace Pipeline.Publishing;

/// <summary>A destination cannot be used as given: credentials missing or malformed, or no such bucket or container.</summary>
public sealed class PublishConfigurationException : Exception
{
    public PublishConfigurationException()
    {
    }

    public PublishConfigurationException(string message)
        : base(message)
    {
    }

    public PublishConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
