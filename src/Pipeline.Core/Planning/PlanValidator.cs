using System.Globalization;
using Pipeline.Manifests;
using Pipeline.Providers;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>
/// Checks every job of a plan against the capability table of its provider and model (docs/architecture.md#9-validate-the-whole-plan-first),
/// before any paid call. Each error points at the manifest value that produced it — the axis item, the prompt's
/// override, the include entry, or the <c>params</c> key — and is reported once however many jobs share it.
/// </summary>
internal sealed class PlanValidator
{
    private readonly CampaignManifest _manifest;
    private readonly ModelCapability? _capability;
    private readonly HashSet<(string Path, string Message)> _seen = [];
    private readonly List<ManifestError> _errors = [];
    private readonly string _on = string.Empty;
    private object? _checkedParams;

    public PlanValidator(CampaignManifest manifest, ProviderCapabilities table)
    {
        _manifest = manifest;
        _capability = table.Find(manifest.Provider, manifest.Model);
        if (_capability is { } found)
        {
            _on = $"{found.Provider} ({found.Endpoint})";
        }

        if (_capability is null)
        {
            var reason = table.Gap(manifest.Provider, manifest.Model) is { } gap ? $": {gap}" : string.Empty;
            var served = table.ModelsOf(manifest.Provider);
            var offer = served.Count == 0 ? "it serves no model yet" : $"it serves: {string.Join(", ", served)}";
            Add("model", $"{manifest.Provider} does not serve {manifest.Model}{reason}; {offer}");
        }
    }

    public IReadOnlyList<ManifestError> Errors => _errors;

    /// <param name="slots">The point the job came from: where each of its axis values was written.</param>
    public void Check(Job job, Pick[] slots)
    {
        if (_capability is not { } c)
        {
            return;
        }

        var on = _on;
        if (c.RequiresFinetuneId && job.FinetuneId is null)
        {
            Add("finetune_id", $"{job.Model} on {on} needs a finetune_id");
        }

        if (c.Strength is { } range && job.FinetuneStrength is { } strength && !range.Contains(strength))
        {
            Add(slots[Slot.Strength].Origin, Invariant($"finetune_strength {strength} is out of range on {on}; allowed: {range.Min} to {range.Max}"));
        }

        CheckShape(job, slots[Slot.Shape].Origin, c, on);
        CheckInputs(job, c, on);

        // A plan's jobs share one params dictionary: its fields are checked once.
        if (!ReferenceEquals(job.Params, _checkedParams))
        {
            _checkedParams = job.Params;
            CheckParam("output_format", job.OutputFormat, c, on);
            foreach (var (name, value) in job.Params)
            {
                CheckParam(name, value, c, on);
            }
        }
    }

    private void CheckShape(Job job, string origin, ModelCapability c, string on)
    {
        if (job.AspectRatio is { } ratio)
        {
            // Each provider decides which well-formed ratios it takes (docs/architecture.md#44-any-ratio-a-provider-takes).
            if (!c.AspectRatios.Accepts(ratio))
            {
                var allowed = c.AspectRatios.Any ? $"allowed: {c.AspectRatios.Describe()}" : $"{job.Model} takes no aspect ratio";
                Add(origin, $"aspect_ratio '{ratio}' is not taken by {on}; {allowed}");
            }
        }
        else if (c.AspectRatios.Any)
        {
            Add(origin.Length > 0 ? origin : "matrix", $"{job.Model} on {on} needs an aspect ratio");
        }

        if (job.Size is { } size && (!c.TakesSize || !ModelCatalog.IsValidSide(size.Width) || !ModelCatalog.IsValidSide(size.Height)))
        {
            Add(origin, c.TakesSize ? $"size {size} is not taken by {on}; each side must be a multiple of 32 from 256 to 1440" : $"{job.Model} on {on} takes no size");
        }
        else if (job.Size is null && c.TakesSize)
        {
            Add(origin.Length > 0 ? origin : "matrix", $"{job.Model} on {on} needs a size");
        }
    }

    private void CheckInputs(Job job, ModelCapability c, string on)
    {
        if (c.Image != (job.ImagePath is not null))
        {
            Add("image", c.Image ? $"{job.Model} on {on} needs an input image: add image:" : $"{job.Model} on {on} takes no input image");
        }

        if (c.Mask == Presence.Required && job.MaskPath is null)
        {
            Add("image", $"{job.Model} on {on} needs a mask as well: add mask: beside image: (black keeps, white is filled)");
        }
        else if (c.Mask == Presence.None && job.MaskPath is not null)
        {
            Add("mask", $"{job.Model} on {on} takes no mask");
        }
    }

    private void CheckParam(string name, object value, ModelCapability c, string on)
    {
        var path = $"params.{name}";
        if (c.Param(name) is not { } spec)
        {
            Add(path, $"{on} does not take '{name}' for {c.Model}; it takes: {string.Join(", ", c.Params.Select(p => p.Name))}");
        }
        else if (!spec.Accepts(value))
        {
            Add(path, $"{Show(value)} is not allowed by {on}; allowed: {spec.Describe()}");
        }
    }

    private void Add(string path, string message)
    {
        if (_seen.Add((path, message)))
        {
            _errors.Add(_manifest.Sources.Error(path, message));
        }
    }

    private static string Show(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
