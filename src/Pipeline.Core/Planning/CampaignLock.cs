using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Pipeline.Providers;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>
/// <c>campaign.lock.json</c>: the resolved plan of a campaign as <c>run</c> last rendered it — every job id with its
/// materialized values (random seeds included), the exact request body per provider protocol, the manifest's
/// SHA-256 and the tool version. <c>run --locked</c> renders exactly these jobs; a plain <c>run</c> reuses its random seeds.
/// </summary>
public sealed record CampaignLock(
    [property: JsonPropertyName("lock_version")] int LockVersion,
    [property: JsonPropertyName("tool_version")] string ToolVersion,
    [property: JsonPropertyName("campaign")] string Campaign,
    [property: JsonPropertyName("manifest")] string Manifest,
    [property: JsonPropertyName("manifest_sha256")] string ManifestSha256,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("random_seeds")] IReadOnlyList<long>? RandomSeeds,
    [property: JsonPropertyName("inputs")] IReadOnlyDictionary<string, LockedInput>? Inputs,
    [property: JsonPropertyName("jobs")] IReadOnlyList<LockedJob> Jobs)
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Readable prompts and versions ("0.1.0+abc", "it's"): the file is read by people and JSON parsers, never by a browser.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>This build's version, as recorded in the lock (<c>0.1.0+commit</c>).</summary>
    public static string CurrentToolVersion { get; } =
        typeof(CampaignLock).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The lock of <paramref name="plan"/>, whose manifest file hashes to <paramref name="manifestSha256"/>.</summary>
    public static CampaignLock From(Plan plan, string manifestSha256)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var m = plan.Manifest;
        var inputs = new Dictionary<string, LockedInput>(StringComparer.Ordinal);
        if (m.Image is { } image)
        {
            inputs["image"] = new(image.Written, image.Sha256);
        }

        if (m.Mask is { } mask)
        {
            inputs["mask"] = new(mask.Written, mask.Sha256);
        }

        var jobs = plan.Jobs.Select(j => LockedJob.From(j, m.Image?.Sha256, m.Mask?.Sha256)).ToList();
        return new CampaignLock(
            CurrentVersion, CurrentToolVersion, m.Campaign, Path.GetFileName(m.SourcePath), manifestSha256, m.Provider, m.Model,
            m.Matrix.RandomSeedCount is null ? null : plan.RandomSeeds, inputs.Count == 0 ? null : inputs, jobs);
    }

    /// <summary>The lock at <paramref name="path"/>, or null when there is none.</summary>
    /// <exception cref="CampaignLockException">The file exists but is not a lock this version reads.</exception>
    public static CampaignLock? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var read = JsonSerializer.Deserialize<CampaignLock>(stream, Json);
            return read is { LockVersion: CurrentVersion, Jobs: not null, ManifestSha256: not null }
                ? read
                : throw new CampaignLockException($"{path} is not a version {CurrentVersion} campaign lock; delete it to plan the campaign afresh");
        }
        catch (JsonException e)
        {
            throw new CampaignLockException($"{path} is not valid JSON ({e.Message}); delete it to plan the campaign afresh", e);
        }
    }

    /// <summary>
    /// Writes the lock atomically: a temp file, flushed to disk, then renamed over <paramref name="path"/>. The temp file
    /// is this process's own, since the shards of a run start together and each writes the (same) lock.
    /// </summary>
    /// <exception cref="IOException">The campaign folder is not writable.</exception>
    public void Write(string path)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>An input file of a fill campaign, as written in the manifest, with its SHA-256.</summary>
public sealed record LockedInput(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256);

/// <summary>One job of the lock: its id, its values, and the request body its provider protocol sends.</summary>
public sealed record LockedJob(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("prompt_id")] string PromptId,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("finetune_id")] string? FinetuneId,
    [property: JsonPropertyName("finetune_strength")] decimal? FinetuneStrength,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("aspect_ratio")] string? AspectRatio,
    [property: JsonPropertyName("size")] string? Size,
    [property: JsonPropertyName("protocol")] string? Protocol,
    [property: JsonPropertyName("request")] JsonObject? Request)
{
    public static LockedJob From(Job job, string? imageSha256, string? maskSha256)
    {
        ArgumentNullException.ThrowIfNull(job);
        var request = RequestPreview.For(job, imageSha256, maskSha256);
        return new(job.Id.Value, job.PromptId, job.Prompt, job.FinetuneId, job.FinetuneStrength, job.Seed, job.AspectRatio, job.Size?.ToString(), request?.Protocol, request?.Body);
    }
}
