using System.Collections.Immutable;
using System.Text;
using Pipeline.Manifests;
using Pipeline.Manifests.Reading;

namespace Pipeline.Planning;

/// <summary>Turns points of the matrix into <see cref="Job"/>s: fills the prompt's placeholders and names the job's prompt id.</summary>
internal sealed class JobFactory
{
    private readonly CampaignManifest _manifest;
    private readonly string _outputFormat;
    private readonly ImmutableSortedDictionary<string, object> _parameters;

    public JobFactory(CampaignManifest manifest)
    {
        _manifest = manifest;
        _outputFormat = manifest.Params.TryGetValue(ParamRule.OutputFormat, out var format) ? (string)format : ParamRule.Formats[0];
        _parameters = manifest.Params.Where(p => p.Key != ParamRule.OutputFormat).ToImmutableSortedDictionary(StringComparer.Ordinal);
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
        var id = JobIdentity.Compute(m.Provider, m.Model, finetuneId, text, strength, seed, ratio, size, _outputFormat, _parameters, m.Image?.Sha256, m.Mask?.Sha256);
        return new Job(id, m.Campaign, promptId, text, m.Provider, m.Model, finetuneId, strength, seed, ratio, size, _outputFormat, _parameters, m.Image?.Path, m.Mask?.Path);
    }

    /// <summary>The job's prompt id (<c>kettle-hero.red.kitchen</c>, var values in <c>matrix.vars</c> order) and filled text.</summary>
    private (string Id, string Text) Resolve(PromptSpec prompt, Pick[] slots)
    {
        var vars = _manifest.Matrix.Vars;
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
