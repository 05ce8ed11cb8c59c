namespace Pipeline.Manifests;

/// <summary>One problem in a manifest, located at <c>file:line:column</c>.</summary>
/// <param name="Path">The key path (<c>matrix.finetune_strengths[2]</c>), empty for the document.</param>
/// <param name="Message">What was found and what is allowed.</param>
public sealed record ManifestError(string File, int Line, int Column, string Path, string Message)
{
    public override string ToString() =>
        Path.Length == 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {Path}: {Message}";
}

/// <summary>Thrown when a manifest is invalid; carries every error found, not only the first.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(IReadOnlyList<ManifestError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    public ManifestException()
        : this([])
    {
    }

    public ManifestException(string message)
        : base(message) => Errors = [];

    public ManifestException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    public IReadOnlyList<ManifestError> Errors { get; }
}
