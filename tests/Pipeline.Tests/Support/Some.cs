using Pipeline.Audit;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Support;

/// <summary>Readable test data.</summary>
public static class Some
{
    public static Job UltraJob(string aspectRatio = "16:9", decimal strength = 1.0m, long seed = 11, string prompt = "A matte black kettle", string format = "jpeg") =>
        new(
            new JobId("0123456789abcdef"),
            "acme-spring",
            "kettle-hero",
            prompt,
            "sandbox",
            "flux-pro-1.1-ultra-finetuned",
            "acme-brand-v3",
            strength,
            seed,
            aspectRatio,
            null,
            format,
            new SortedDictionary<string, object>(StringComparer.Ordinal) { ["safety_tolerance"] = 2L });

    public static Job SizedJob(int width = 1024, int height = 768) =>
        UltraJob() with { Model = "flux-pro-finetuned", AspectRatio = null, Size = new ImageSize(width, height) };

    public static Job FillJob(string imagePath, string? maskPath) =>
        UltraJob() with { Model = "flux-pro-1.0-fill-finetuned", AspectRatio = null, ImagePath = imagePath, MaskPath = maskPath };

    public static Job BaseUltraJob(string aspectRatio = "16:9") =>
        UltraJob(aspectRatio) with { Model = "flux-pro-1.1-ultra", FinetuneId = null, FinetuneStrength = null };

    /// <summary>The job with one fixed request field set (as <c>params:</c> would).</summary>
    public static Job WithParam(this Job job, string name, object value)
    {
        var parameters = new SortedDictionary<string, object>(job.Params.ToDictionary(), StringComparer.Ordinal) { [name] = value };
        return job with { Params = parameters };
    }

    public static AuditRow Row(string jobId = "0123456789abcdef", JobStatus status = JobStatus.Succeeded, string prompt = "A kettle, \"matte\" black\non marble") =>
        new(
            "20261121T230000Z-ab12", jobId, "acme-spring", "kettle-hero", prompt, "sandbox", "flux-pro-1.1-ultra-finetuned",
            "acme-brand-v3", 0.8m, 11, "16:9", 2752, 1536, "jpeg", "req-1", status, 1, 0.07m, false, "ok",
            "images/x.jpg", new string('a', 64), new DateTimeOffset(2026, 11, 21, 23, 0, 1, 123, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 21, 23, 0, 9, 456, TimeSpan.Zero), null);
}
