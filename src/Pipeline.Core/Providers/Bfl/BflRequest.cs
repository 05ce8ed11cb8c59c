using System.Text.Json.Nodes;
using Pipeline.Planning;

namespace Pipeline.Providers.Bfl;

/// <summary>
/// Builds the JSON body of a BFL submit (providers.md §1.2). Strength, aspect ratio and safety tolerance
/// are always sent explicitly because hosts disagree on their defaults (§7.9).
/// </summary>
internal static class BflRequest
{
    public static JsonObject Body(Job job)
    {
        var body = new JsonObject
        {
            ["prompt"] = job.Prompt,
        };
        if (job.FinetuneId is not null)
        {
            body["finetune_id"] = job.FinetuneId;
        }

        if (job.FinetuneStrength is { } strength)
        {
            body["finetune_strength"] = strength;
        }

        body["seed"] = job.Seed;
        if (job.AspectRatio is not null)
        {
            body["aspect_ratio"] = job.AspectRatio;
        }

        if (job.Size is { } size)
        {
            body["width"] = size.Width;
            body["height"] = size.Height;
        }

        // Fill: the input image and mask travel inline as base64 (providers.md §1.2).
        foreach (var (field, path) in new[] { ("image", job.ImagePath), ("mask", job.MaskPath) })
        {
            if (path is not null)
            {
                body[field] = Convert.ToBase64String(File.ReadAllBytes(path));
            }
        }

        body["output_format"] = job.OutputFormat;
        foreach (var (name, value) in job.Params)
        {
            body[name] = ToNode(value);
        }

        if (!body.ContainsKey("safety_tolerance"))
        {
            body["safety_tolerance"] = 2;
        }

        return body;
    }

    private static JsonValue ToNode(object value) => value switch
    {
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        decimal d => JsonValue.Create(d),
        double d => JsonValue.Create(d),
        _ => throw new ArgumentException($"Unsupported parameter value type {value.GetType().Name}.", nameof(value)),
    };
}
