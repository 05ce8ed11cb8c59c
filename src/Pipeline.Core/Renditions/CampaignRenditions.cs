using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Renditions;

/// <summary>
/// <c>pipeline renditions</c>: derives the renditions of every verified master already in a campaign folder, without
/// any provider call. Only what is missing, damaged or of a changed spec is derived.
/// </summary>
public static class CampaignRenditions
{
    /// <summary>Derives for every verified master of <paramref name="folder"/>.</summary>
    /// <exception cref="FormatException">An audit row or a <c>renditions.csv</c> row has a value the contract does not allow.</exception>
    /// <exception cref="IOException">The campaign folder is not writable.</exception>
    public static async Task<RenditionTally> DeriveAsync(CampaignFolder folder, IReadOnlyList<RenditionSpec> specs, string runId, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var masters = RenditionMaster.In(folder);
        await using var queue = RenditionWorkers.Start(folder, specs, runId, time, besideRun: false, cancellationToken);
        if (queue is null)
        {
            return RenditionTally.None;
        }

        foreach (var master in masters)
        {
            queue.Enqueue(master);
        }

        return await queue.CompleteAsync();
    }
}
