using Pipeline.Planning;
using Pipeline.Domain;

namespace Pipeline.Providers;

/// <summary>A job's request values by their manifest (BFL) field names: the input of every mapping table.</summary>
internal static class JobFields
{
    public const string Prompt = "prompt";
    public const string FinetuneId = "finetune_id";
    public const string FinetuneStrength = "finetune_strength";
    public const string Seed = "seed";
    public const string AspectRatio = "aspect_ratio";
    public const string Width = "width";
    public const string Height = "height";
    public const string OutputFormat = "output_format";
    public const string SafetyTolerance = "safety_tolerance";
    public const string PromptUpsampling = "prompt_upsampling";
    public const string ImagePromptStrength = "image_prompt_strength";
    public const string Raw = "raw";
    public const string Steps = "steps";
    public const string Guidance = "guidance";
    public const string Image = "image";
    public const string Mask = "mask";

    /// <summary>Values are <see cref="string"/>, <see cref="long"/>, <see cref="decimal"/> or <see cref="bool"/>; images are file paths.</summary>
    public static Dictionary<string, object> Of(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var values = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Prompt] = job.Prompt,
            [Seed] = job.Seed,
            [OutputFormat] = job.OutputFormat,
        };
        Add(values, FinetuneId, job.FinetuneId);
        Add(values, FinetuneStrength, job.FinetuneStrength);
        Add(values, AspectRatio, job.AspectRatio);
        Add(values, Width, job.Size is { } w ? (long)w.Width : null);
        Add(values, Height, job.Size is { } h ? (long)h.Height : null);
        Add(values, Image, job.ImagePath);
        Add(values, Mask, job.MaskPath);
        foreach (var (name, value) in job.Params)
        {
            values[name] = value;
        }

        return values;
    }

    private static void Add(Dictionary<string, object> values, string name, object? value)
    {
        if (value is not null)
        {
            values[name] = value;
        }
    }
}
