using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Domain;

namespace Pipeline.Tests.Providers;

/// <summary>
/// The plan-time capability table (<see cref="ProviderCapabilities"/>, located manifest errors) and the adapters'
/// mapping tables (<see cref="ProviderRequests"/>, what is actually sent) must say the same: a plan that passes one
/// and not the other would either be refused for nothing or fail at the first paid call.
/// </summary>
public sealed class ProviderTablesAgreementTests
{
    private static readonly string[] Axes = ["prompt", "finetune_id", "finetune_strength", "seed", "aspect_ratio", "width", "height", "image", "mask", "size"];

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in ProviderCatalog.Names)
        {
            foreach (var model in ModelCatalog.Models.Keys)
            {
                data.Add(provider, model);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Tables_AgreeOnWhatEachProviderServesAndTakes(string provider, string model)
    {
        var capability = ProviderCatalog.Capabilities.Find(provider, model);
        var map = ProviderRequests.Map(provider, model)!;

        Assert.Equal(capability is null, map.Unavailable is not null);
        if (capability is null)
        {
            return;
        }

        var fields = map.Fields.Where(f => !Axes.Contains(f.Field)).ToDictionary(f => f.Field);
        Assert.Equal(capability.Params.Select(p => p.Name).Order(), fields.Keys.Order());
        foreach (var spec in capability.Params.Where(p => p.Kind != ParamKind.Flag && p.Choices is null))
        {
            Assert.Equal((spec.Min, spec.Max), (fields[spec.Name].Min ?? 0, fields[spec.Name].Max ?? 0));
        }

        var ratios = map.Fields.FirstOrDefault(f => f.Field == "aspect_ratio")?.Ratios ?? AcceptedRatios.None;
        Assert.Equal(Shape(capability.AspectRatios), Shape(ratios));
        Assert.Equal(capability.TakesSize, map.Fields.Any(f => f.Field == "width") || map.Fields.Any(f => f.Field == "size" && !ratios.Any));
        Assert.Equal(capability.Image, map.Fields.Any(f => f.Field == "image"));
        var mask = map.Fields.FirstOrDefault(f => f.Field == "mask");
        Assert.Equal(capability.Mask, mask is null ? Presence.None : mask.Required ? Presence.Required : Presence.Optional);
        var strength = map.Fields.FirstOrDefault(f => f.Field == "finetune_strength");
        Assert.Equal(capability.Strength is null, strength is null);
        if (capability.Strength is { } range)
        {
            Assert.Equal((range.Min, range.Max), (strength!.Min, strength.Max));
        }
    }

    /// <summary>What a set of ratios takes, without its note: the range's ends or the enum's values.</summary>
    private static string Shape(AcceptedRatios ratios) =>
        ratios.IsRange ? $"{ratios.Widest}..{ratios.Tallest}" : string.Join(",", ratios.Listed.Order(StringComparer.Ordinal));
}
