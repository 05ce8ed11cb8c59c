using System.Text.Json.Nodes;
using Pipeline.Domain;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;

namespace Pipeline.Planning;

/// <summary>
/// The exact request body a job's submit sends, per provider protocol, for <c>campaign.lock.json</c>. Built from the
/// same per-provider mapping tables as the adapters (<see cref="ProviderRequests"/>). Inline input images are recorded
/// as <c>sha256:HEX</c> of their file rather than their base64 text.
/// </summary>
internal static class RequestPreview
{
    /// <summary>The protocol name and body of <paramref name="job"/>'s submit, or null when the provider cannot send it.</summary>
    /// <param name="imageSha256">SHA-256 of the job's input image, recorded in place of its bytes.</param>
    /// <param name="maskSha256">SHA-256 of the job's mask, recorded in place of its bytes.</param>
    public static (string Protocol, JsonObject Body)? For(Job job, string? imageSha256 = null, string? maskSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (ProviderRequests.Map(job.Provider, job.Model) is not { } map || ProviderRequests.Build(job.Provider, job, readFiles: false) is not { Body: { } body })
        {
            return null;
        }

        foreach (var field in map.Fields.Where(f => f.Kind is WireKind.ImageBase64 or WireKind.ImageDataUri))
        {
            var (path, sha256) = field.Field == JobFields.Image ? (job.ImagePath, imageSha256) : (job.MaskPath, maskSha256);
            if (path is not null)
            {
                body[field.WireName] = "sha256:" + (sha256 ?? JobIdentity.FileSha256(path));
            }
        }

        return (ProviderRequests.Protocol(job.Provider), body);
    }
}
