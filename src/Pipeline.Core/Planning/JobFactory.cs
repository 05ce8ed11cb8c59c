using System.Collections.Immutable;
using System.Text;
using Pipeline.Manifests;
using Pipeline.Manifests.Reading;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>Turns points of the matrix into <see cref="Job"/>s: fills the prompt's placeholders and names the job's prompt id.</summary>
internal sealed class JobFactory
{
    private readonly CampaignManifest _manifest;
    private readonly string _outputFormat;
    private readonly ImmutableSortedDictionary<string, object> _parameters;
    private readonly JobIdentity.Hasher _ids;

    // The last prompt resolved, and the var values it was resolved with: vars nest outermost, so most jobs reuse it.
    private PromptSpec? _lastPrompt;
    private object?[] _lastValues = [];
    private (string Id, string Text) _last;

    public JobFactory(CampaignManifest manifest)
    {
        _manifest = manifest;
        _outputFormat = manifest.Params.TryGetValue(ParamRule.OutputFormat, out var format) ? (string)format : ParamRule.Formats[0];
        _parameters = manifest.Params.Where(p => p.Key != ParamRule.OutputFormat).ToImmutableSortedDictionary(StringComparer.Ordinal);
        _ids = new JobIdentity.Hasher(manifest.Provider, manifest.Model, _outputFormat, _parameters, manifest.Image?.Sha256, manifest.Mask?.Sha256);
    }

    public Job Create(PromptAxes axes, Pick[] slots)
    {
        var prompt = axes.Prompt;
        var (promptId, text) = prompt.Uses.Count == 0 ? (prompt.Id, prompt.Text) : Resolve(prompt, slots);
        var finetuneId = slots[Slot.Finetune].Value as string;
        var strength = slots[Slot.Strength].Value as decimal?;
        var seed = (long)slots[Slot.Seed].Value!;
        var ratio = slots[Slot.Shape].Value as string;
        var size = slots[Slot.Shape].Value as ImageSize?;
        var m = _manifest;
        var id = _ids.Compute(finetuneId, text, strength, seed, ratio, size);
        return new Job(id, m.Campaign, promptId, text, m.Provider, m.Model, finetuneId, strength, seed, ratio, size, _outputFormat, _parameters, m.Image?.Path, m.Mask?.Path);
    }

    /// <summary>The job's prompt id (<c>kettle-hero.red.kitchen</c>, var values in <c>matrix.vars</c> order) and filled text.</summary>
    private (string Id, string Text) Resolve(PromptSpec prompt, Pick[] slots)
    {
        var vars = _manifest.Matrix.Vars;
        if (ReferenceEquals(prompt, _lastPrompt) && SameValues(slots))
        {
            return _last;
        }

        _lastPrompt = prompt;
        _lastValues = [.. slots.Skip(Slot.FirstVar).Select(p => p.Value)];
        _last = Resolved(prompt, slots, vars);
        return _last;
    }

    private bool SameValues(Pick[] slots)
    {
        for (var v = 0; v < _lastValues.Length; v++)
        {
            if (!ReferenceEquals(slots[Slot.FirstVar + v].Value, _lastValues[v]))
            {
                return false;
            }
        }

        return true;
    }

    private static (string Id, string Text) Resolved(PromptSpec prompt, Pick[] slots, IReadOnlyList<PromptVariable> vars)
    {
        var id = new StringBuilder(prompt.Id);
        for (var v = 0; v < vars.Count; v++)
        {
            if (slots[Slot.FirstVar + v].Label is { } label)
            {
                id.Append('.').Append(label);
            }
        }

        var text = PromptTemplate.Fill(prompt.Text, name => (string)slots[Slot.FirstVar + Slot.IndexOf(vars, name)].Value!);
        return (id.ToString(), text);
    }
}
