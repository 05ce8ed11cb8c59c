namespace Pipeline.Export;

/// <summary>The export would overwrite a different file in the target folder, or a source no longer matches its record; nothing was copied.</summary>
public sealed class ExportRefusedException : Exception
{
    public ExportRefusedException()
        : this("Export refused.")
    {
    }

    public ExportRefusedException(string message)
        : base(message)
    {
    }

    public ExportRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
