namespace Pipeline.Records;

/// <summary>A folder given as a campaign folder has no audit log: nothing ever ran there.</summary>
public sealed class NotACampaignException : Exception
{
    public NotACampaignException()
        : this("Not a campaign folder.")
    {
    }

    public NotACampaignException(string message)
        : base(message)
    {
    }

    public NotACampaignException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The campaign folder at <paramref name="path"/>.</summary>
    /// <exception cref="NotACampaignException">The folder does not exist or holds no audit log.</exception>
    public static CampaignFolder Require(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = new CampaignFolder(path);
        if (!Directory.Exists(folder.Root))
        {
            throw new NotACampaignException($"{path}: no such folder.");
        }

        if (folder.AllAuditPaths().Count == 0)
        {
            throw new NotACampaignException($"{path}: not a campaign folder (no audit.csv); give the folder a run wrote, e.g. output/<campaign>.");
        }

        return folder;
    }
}
