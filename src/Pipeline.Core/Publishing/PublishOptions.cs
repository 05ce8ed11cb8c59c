namespace Pipeline.Publishing;

/// <summary>How <see cref="Publisher"/> works (<c>pipeline publish</c> flags).</summary>
public sealed class PublishOptions
{
    /// <summary>Uploads in flight at once. Default 8.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>Retries of one store call after a transient failure (exponential backoff with jitter). Default 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first backoff. Default 0.5 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Replace an object whose SHA-256 differs instead of refusing it. Default false.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Create a missing bucket or container instead of stopping. Default false.</summary>
    public bool Create { get; set; }

    /// <summary>Read the store and say what would happen; upload and record nothing. Default false.</summary>
    public bool DryRun { get; set; }

    /// <summary>Every problem at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Parallelism is < 1 or > 64)
        {
            errors.Add("parallelism must be 1-64.");
        }

        if (MaxRetries is < 0 or > 10)
        {
            errors.Add("retries must be 0-10.");
        }

        return errors;
    }
}
