using System.Text.Json.Nodes;
using Pipeline.Planning;
using Pipeline.Providers.Bfl;

namespace Pipeline.Providers;

/// <summary>
/// The exact request body a job's submit sends, per provider protocol, for <c>campaign.lock.json</c>.
/// Inline input images are recorded as <c>sha256:HEX</c> of their file rather than their base64 text.
/// Providers without an adapter yet have no preview; add theirs here with the adapter.
/// </summary>
public static class RequestPreview
{
    /// <summary>The protocol name and body of <paramref name="job"/>'s submit, or null when no adapter builds it yet.</summary>
    /// <param name="imageSha256">SHA-256 of the job's input image, recorded in place of its bytes.</param>
    /// <param name="maskSha256">SHA-256 of the job's mask, recorded in place of its bytes.</param>
    public static (string Protocol, JsonObject Body)? For(Job job, string? imageSha256 = null, string? maskSha256 = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        switch (job.Provider)
        {
            case "sandbox" or "bfl":
                var body = BflRequest.Body(job with { ImagePath = null, MaskPath = null });
                Reference(body, "image", job.ImagePath, imageSha256);
                Reference(body, "mask", job.MaskPath, maskSha256);
                return ("bfl", body);
            default:
                return null;
        }
    }

    private static void Reference(JsonObject body, string field, string? path, string? sha256)
    {
        if (path is not null)
        {
            body[field] = "sha256:" + (sha256 ?? JobIdentity.FileSha256(path));
        }
    }
}
