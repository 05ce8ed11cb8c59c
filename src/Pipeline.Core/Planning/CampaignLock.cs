using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
    public static CampaignLock? Read(string path) =>
        Read(path, CampaignLockJson.Lock, read => read is { LockVersion: CurrentVersion, Jobs: not null, ManifestSha256: not null });

    /// <summary>What planning needs of the lock at <paramref name="path"/> (no request bodies), or null when there is none.</summary>
    /// <exception cref="CampaignLockException">The file exists but is not a lock this version reads.</exception>
    public static LockPins? ReadPins(string path) =>
        Read(path, CampaignLockJson.Pins, read => read is { LockVersion: CurrentVersion, Jobs: not null, ManifestSha256: not null });

    private static T? Read<T>(string path, JsonTypeInfo<T> format, Func<T?, bool> readable)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var read = JsonSerializer.Deserialize(stream, format);
            return readable(read)
                ? read
                : throw new CampaignLockException($"{path} is not a version {CurrentVersion} campaign lock; delete it to plan the campaign afresh");
        }
        catch (JsonException e)
        {
            throw new CampaignLockException($"{path} is not valid JSON ({e.Message}); delete it to plan the campaign afresh", e);
        }
    }

    /// <summary>
    /// Writes the lock atomically (a temp file of this process's own, flushed to disk, then renamed over
    /// <paramref name="path"/>; the shards of a run start together and each writes the same lock), unless the file
    /// already holds exactly these bytes: a rerun of an unchanged plan then writes nothing.
    /// </summary>
    /// <returns>Whether the file was written.</returns>
    /// <exception cref="IOException">The campaign folder is not writable.</exception>
    public bool Write(string path)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(this, CampaignLockJson.Lock);
        if (Holds(path, bytes))
        {
            return false;
        }

        var temp = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        return true;
    }

    /// <summary>Whether the file at <paramref name="path"/> is <paramref name="json"/> and its final newline.</summary>
    private static bool Holds(string path, byte[] json)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length != json.Length + 1)
        {
            return false;
        }

        var existing = File.ReadAllBytes(path);
        return existing.Length == json.Length + 1 && existing[^1] == (byte)'\n' && existing.AsSpan(0, json.Length).SequenceEqual(json);
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
