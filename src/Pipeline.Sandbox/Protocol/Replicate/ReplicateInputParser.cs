using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Protocol.Replicate;

/// <summary>One entry of Replicate's <c>invalid_fields</c>.</summary>
internal sealed record InvalidField(string Type, string Field, string Description)
{
    public JsonObject ToJson() => new() { ["type"] = Type, ["field"] = Field, ["description"] = Description };
}

/// <summary>
/// Validates <c>{"input": {…}}</c> against a model's input schema as Replicate does (JSON Schema: strict types, enums,
/// bounds; docs/providers.md#replicate-model-inputs): <c>output_format</c> is <c>jpg|png</c> (so <c>jpeg</c> is refused), <c>safety_tolerance</c>
/// is 1–6, the Ultra <c>aspect_ratio</c> enum adds 5:4 and 4:5 and defaults to 1:1, <c>finetune_strength</c> defaults to 1.
/// </summary>
internal static class ReplicateInputParser
{
    private const int MinSide = 256;
    private const int MaxSide = 1440;
    private const int SideMultiple = 32;
    private const double MegaPixel = 1024 * 1024;

    private static readonly string[] Formats = ["jpg", "png"];
    private static readonly string[] UltraRatios = ["21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21"];
    private static readonly string[] ProRatios = ["custom", "1:1", "16:9", "3:2", "2:3", "4:5", "5:4", "9:16", "3:4", "4:3"];

    public static (Submission? Submission, IReadOnlyList<InvalidField> Errors) Parse(ReplicateModel model, JsonElement body, string fingerprint)
    {
        var errors = new List<InvalidField>();
        if (!body.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            return (null, [new InvalidField("required", "(root)", "input is required")]);
        }

        var reader = new Reader(input, errors);
        var bfl = model.Model;
        var prompt = reader.Text("prompt", required: true) ?? string.Empty;
        var seed = reader.Integer("seed", null, null);
        var format = reader.Enum("output_format", Formats) == "png" ? ImageFormat.Png : ImageFormat.Jpeg;
        reader.Integer("safety_tolerance", 1, 6);
        string? finetuneId = null;
        double? strength = null;
        if (bfl.Finetuned)
        {
            finetuneId = reader.Text("finetune_id", required: true);
            strength = reader.Number("finetune_strength", 0, 2) ?? 1;
        }

        int width, height;
        if (bfl.Shape == ModelShape.Sized)
        {
            reader.Integer("steps", 1, 50);
            reader.Number("guidance", 2, 5);
            reader.Boolean("prompt_upsampling");
            var ratio = reader.Enum("aspect_ratio", ProRatios) ?? "1:1";
            var customWidth = reader.Integer("width", MinSide, MaxSide);
            var customHeight = reader.Integer("height", MinSide, MaxSide);
            (width, height) = ratio == "custom"
                ? (Round32(customWidth ?? 1024), Round32(customHeight ?? 1024))
                : Sized(ratio, MegaPixel);
        }
        else
        {
            var ratio = reader.Enum("aspect_ratio", UltraRatios) ?? "1:1";
            reader.Boolean("raw");
            reader.Text("image_prompt", required: false);
            reader.Number("image_prompt_strength", 0, 1);
            (width, height) = UltraSizes.SizeOf(ratio) ?? (0, 0); // 5:4 and 4:5 have no published size: by rule
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Submission(bfl, prompt, finetuneId, strength, seed, width, height, format, null, 0, fingerprint), []);
    }

    /// <summary>Replicate rounds off-grid sizes to the nearest multiple of 32 (docs/providers.md#output-sizes-sized-models).</summary>
    private static int Round32(long side) => (int)(Math.Round(side / (double)SideMultiple, MidpointRounding.AwayFromZero) * SideMultiple);

    /// <summary>FLUX.1 [pro] presets: about <paramref name="area"/> pixels on the 32 grid.</summary>
    private static (int Width, int Height) Sized(string ratio, double area)
    {
        var parts = ratio.Split(':');
        var r = double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
        return (Round32((long)Math.Sqrt(area * r)), Round32((long)Math.Sqrt(area / r)));
    }

    private sealed class Reader(JsonElement input, List<InvalidField> errors)
    {
        public string? Text(string name, bool required)
        {
            if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    errors.Add(new InvalidField("required", "input", $"{name} is required"));
                }

                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : TypeError<string>(name, "string", value);
        }

        public string? Enum(string name, IReadOnlyList<string> choices)
        {
            var text = Text(name, required: false);
            if (text is null || choices.Contains(text, StringComparer.Ordinal))
            {
                return text;
            }

            errors.Add(new InvalidField("enum", $"input.{name}", $"{name} must be one of the following: {string.Join(", ", choices.Select(c => $"\"{c}\""))}"));
            return null;
        }

        public long? Integer(string name, long? min, long? max)
        {
            if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            {
                return TypeError<long?>(name, "integer", value);
            }

            return InRange(name, number, min, max) ? number : null;
        }

        public double? Number(string name, double min, double max)
        {
            if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number)
            {
                return TypeError<double?>(name, "number", value);
            }

            var number = value.GetDouble();
            return InRange(name, number, min, max) ? number : null;
        }

        public bool? Boolean(string name)
        {
            if (!input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : TypeError<bool?>(name, "boolean", value);
        }

        private bool InRange(string name, double number, double? min, double? max)
        {
            if (max is { } upper && number > upper)
            {
                errors.Add(new InvalidField("number_lte", $"input.{name}", $"Must be less than or equal to {upper.ToString(CultureInfo.InvariantCulture)}"));
                return false;
            }

            if (min is { } lower && number < lower)
            {
                errors.Add(new InvalidField("number_gte", $"input.{name}", $"Must be greater than or equal to {lower.ToString(CultureInfo.InvariantCulture)}"));
                return false;
            }

            return true;
        }

        private T? TypeError<T>(string name, string expected, JsonElement value)
        {
            var given = value.ValueKind switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                JsonValueKind.Array => "array",
                _ => "object",
            };
            errors.Add(new InvalidField("invalid_type", $"input.{name}", $"Invalid type. Expected: {expected}, given: {given}"));
            return default;
        }
    }
}
