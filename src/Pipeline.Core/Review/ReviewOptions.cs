namespace Pipeline.Review;

/// <summary>Options of <c>pipeline review</c>.</summary>
public sealed class ReviewOptions
{
    /// <summary>Port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Written in the <c>reviewer</c> column of every decision. Default: the operating-system user name.</summary>
    public string Reviewer { get; set; } = Environment.UserName;

    /// <summary>Stamps the <c>time</c> column. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Every problem with these options; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535)
        {
            errors.Add($"--port must be 0-65535 (found {Port}).");
        }

        if (string.IsNullOrWhiteSpace(Reviewer) || Reviewer.Length > 100 || Reviewer.Any(char.IsControl))
        {
            errors.Add("--reviewer must be 1-100 printable characters.");
        }

        return errors;
    }
}
