using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Domain;

namespace Pipeline.Manifests.Reading;

/// <summary>Reads the top level of a manifest (contract version 1) and checks its cross-field rules.</summary>
internal static partial class ManifestReader
{
    public const int SupportedVersion = 1;
    public const int MaxCampaignLength = 64;

    private static readonly string[] Keys = ["version", "campaign", "provider", "model", "finetune_id", "image", "mask", "matrix", "params", "limits", "verify", "renditions"];

    /// <summary>The manifest, or null when <paramref name="cx"/> holds errors.</summary>
    public static CampaignManifest? Read(YamlNode root, ReadContext cx)
    {
        var top = cx.Mapping(root, string.Empty, "the manifest", Keys);
        if (top is null)
        {
            return null;
        }

        var versionNode = top.Required("version", $"{SupportedVersion}");
        var version = cx.Text(versionNode, "version", $"version {SupportedVersion}");
        if (version is not null && (version != $"{SupportedVersion}" || versionNode is YamlScalar { Plain: false }))
        {
            var found = versionNode is YamlScalar { Plain: false } quoted ? $"{quoted.DescribeTyped()} (a number is written without quotes)" : version;
            cx.Error("version", $"unsupported manifest version {found}; this pipeline reads version {SupportedVersion}");
        }

        var campaign = cx.String(top.Required("campaign", "a slug like acme-spring"), "campaign", "a slug like acme-spring");
        if (campaign is not null && (!SlugPattern().IsMatch(campaign) || campaign.Length > MaxCampaignLength))
        {
            cx.Error("campaign", $"'{campaign}' is not a valid campaign slug; use lower-case letters, digits and '-', starting with a letter or digit, at most {MaxCampaignLength} characters");
        }

        var provider = cx.OneOf(top.Required("provider", $"one of: {string.Join(", ", ProviderCatalog.Names)}"), "provider", "provider", ProviderCatalog.Names);
        var model = Model(top, cx);
        var axes = new ModelAxes(model);
        var finetuneId = FinetuneId(top, axes, cx);
        var (image, mask) = FillReader.Read(top, model, cx);
        var matrix = MatrixReader.Read(top.Required("matrix", "the matrix of prompts, seeds and other axes"), axes, finetuneId, cx);
        RequireFinetune(top, model, finetuneId, matrix, cx);
        var parameters = ParamsReader.Read(top["params"], model, cx);
        var limits = PolicyReader.Limits(top["limits"], cx);
        var verify = PolicyReader.Verify(top["verify"], cx);
        CheckFormats(parameters, verify, cx);
        var renditions = RenditionsReader.Read(top["renditions"], cx);

        if (cx.Errors.Count > 0 || campaign is null || provider is null || model is null || matrix is null)
        {
            return null;
        }

        return new CampaignManifest(cx.File, SupportedVersion, campaign, provider, model.Name, finetuneId, matrix, parameters, limits, verify, cx.ToSourceMap())
        {
            Image = image,
            Mask = mask,
            Renditions = renditions,
        };
    }

    private static ModelSpec? Model(Fields top, ReadContext cx)
    {
        var names = ModelCatalog.Models.Keys.Order(StringComparer.Ordinal).ToList();
        var name = cx.OneOf(top.Required("model", $"one of: {string.Join(", ", names)}"), "model", "model", [.. names, .. ModelCatalog.Aliases.Keys.Order(StringComparer.Ordinal)]);
        return name is null ? null : ModelCatalog.Models[ModelCatalog.Aliases.GetValueOrDefault(name, name)];
    }

    private static string? FinetuneId(Fields top, ModelAxes axes, ReadContext cx)
    {
        if (axes.FinetuneRefusal is { } refusal)
        {
            top.Forbid("finetune_id", refusal);
            return null;
        }

        return top.Optional("finetune_id", "a finetune id") is { } node ? AxisReader.FinetuneId(node, "finetune_id", cx) : null;
    }

    /// <summary>A finetuned model needs a finetune: <c>finetune_id</c>, <c>matrix.finetune_ids</c>, or one on every prompt.</summary>
    private static void RequireFinetune(Fields top, ModelSpec? model, string? finetuneId, ManifestMatrix? matrix, ReadContext cx)
    {
        if (model is not { Finetuned: true } || finetuneId is not null || top.Has("finetune_id") || matrix is null
            || matrix.FinetuneIds.Count > 0 || (matrix.Prompts.Count > 0 && matrix.Prompts.All(p => p.FinetuneId is not null)))
        {
            return;
        }

        top.Required("finetune_id", $"the id of your finetune, required for {model.Name} (or matrix.finetune_ids to compare several)");
    }

    private static void CheckFormats(ImmutableSortedDictionary<string, object> parameters, VerifyPolicy verify, ReadContext cx)
    {
        var format = parameters.TryGetValue(ParamRule.OutputFormat, out var value) ? (string)value : ParamRule.Formats[0];
        if (verify.Formats.Count > 0 && !verify.Formats.Contains(format, StringComparer.Ordinal))
        {
            cx.Error("verify.formats", $"does not include '{format}', the params.output_format every job requests, so every job would fail verification; add '{format}'");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
