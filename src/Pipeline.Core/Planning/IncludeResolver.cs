using Pipeline.Manifests;
using Pipeline.Manifests.Reading;
using Pipeline.Providers;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>
/// Builds the job an include entry adds when it matches no combination. Such a job must name every axis of its
/// prompt: the prompt, the seed, the strength (finetuned models), the aspect ratio or size (by model), and each var
/// the prompt's text uses. The finetune may be left out when the prompt has exactly one. Every value's origin is
/// the entry's key, so a plan-time error about it points at the include.
/// </summary>
internal sealed class IncludeResolver(CampaignManifest manifest, IReadOnlyList<PromptAxes> prompts)
{
    private readonly ModelShape? _shape = ModelCatalog.Models.GetValueOrDefault(manifest.Model)?.Shape;
    private readonly bool _finetuned = ModelCatalog.Models.GetValueOrDefault(manifest.Model)?.Finetuned ?? manifest.FinetuneId is not null;

    public (PromptAxes Axes, Pick[] Slots)? Resolve(MatrixEntry entry, string path, List<ManifestError> errors)
    {
        var vars = manifest.Matrix.Vars;
        var axes = prompts.FirstOrDefault(p => p.Prompt.Id == entry.Prompt);
        var missing = new List<string>();
        AddIf(missing, entry.Prompt is null, "prompt");
        AddIf(missing, entry.FinetuneId is null && axes?.Lists[Slot.Finetune]!.Length > 1, "finetune_id");
        AddIf(missing, _finetuned && entry.FinetuneStrength is null, "finetune_strength");
        AddIf(missing, entry.Seed is null, "seed");
        AddIf(missing, _shape == ModelShape.Ultra && entry.AspectRatio is null, "aspect_ratio");
        AddIf(missing, _shape == ModelShape.Sized && entry.Size is null, "size");
        if (axes is not null)
        {
            missing.AddRange(axes.Prompt.Uses.Where(v => !entry.Vars.ContainsKey(v)));
        }

        if (missing.Count > 0)
        {
            errors.Add(manifest.Sources.Error(path, $"this include matches no combination, so it adds a new job, which needs every axis; missing: {string.Join(", ", missing)}"));
            return null;
        }

        if (axes is null)
        {
            errors.Add(manifest.Sources.Error($"{path}.prompt", $"unknown prompt id '{entry.Prompt}'; allowed: {string.Join(", ", prompts.Select(p => p.Prompt.Id))}"));
            return null;
        }

        var slots = new Pick[Slot.FirstVar + vars.Count];
        slots[Slot.Finetune] = entry.FinetuneId is { } finetune ? new(finetune, $"{path}.finetune_id") : axes.Lists[Slot.Finetune]![0];
        slots[Slot.Strength] = entry.FinetuneStrength is { } strength ? new(strength, $"{path}.finetune_strength") : Pick.None;
        slots[Slot.Seed] = new(entry.Seed!.Value, $"{path}.seed");
        slots[Slot.Shape] = entry.AspectRatio is { } ratio ? new(ratio, $"{path}.aspect_ratio")
            : entry.Size is { } size ? new(size, $"{path}.size") : Pick.None;
        var ok = true;
        foreach (var (name, value) in entry.Vars)
        {
            var at = $"{path}.{name}";
            var label = PromptSlug.From(value);
            if (!axes.Prompt.Uses.Contains(name, StringComparer.Ordinal))
            {
                var uses = axes.Prompt.Uses.Count == 0 ? "its text uses none" : $"name only the vars its text uses: {string.Join(", ", axes.Prompt.Uses)}";
                errors.Add(manifest.Sources.Error(at, $"prompt '{axes.Prompt.Id}' does not use {{{name}}}; {uses}"));
                ok = false;
            }
            else if (label.Length == 0)
            {
                errors.Add(manifest.Sources.Error(at, $"value '{value}' has no letter or digit to name its job by (prompt ids get the value, like {axes.Prompt.Id}.red)"));
                ok = false;
            }
            else
            {
                slots[Slot.FirstVar + Slot.IndexOf(vars, name)] = new(value, at, label);
            }
        }

        return ok ? (axes, slots) : null;
    }

    private static void AddIf(List<string> list, bool condition, string value)
    {
        if (condition)
        {
            list.Add(value);
        }
    }
}
