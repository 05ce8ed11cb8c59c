using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pipeline.Providers;

namespace Pipeline.Manifests.Reading;

/// <summary>Reads the top level of a manifest (contract version 1) and checks its cross-field rules.</summary>
internal static partial class ManifestReader
{
    public const int SupportedVersion = 1;
    public const int MaxCampaignLength = 64;

    private static readonly string[] Keys = ["version", "campaign", "provider", "model", "finetune_id", "matrix", "params", "limits", "verify"];

    /// <summary>The manifest, or null when <paramref name="cx"/> holds errors.</summary>
    public static CampaignManifest? Read(YamlNode root, ReadContext cx)
    {
        var top = cx.Mapping(root, string.Empty, "the manifest", Keys);
        if (top is null)
        {
            return null;
        }

        var version = cx.Text(top.Required("version", $"{SupportedVersion}"), "version", $"version {SupportedVersion}");
        if (version is not null && version != $"{SupportedVersion}")
        {
            cx.Error("version", $"unsupported manifest version {version}; this pipeline reads version {SupportedVersion}");
        }

        var campaign = cx.Text(top.Required("campaign", "a slug like acme-spring"), "campaign", "a slug like acme-spring");
        if (campaign is not null && (!SlugPattern().IsMatch(campaign) || campaign.Length > MaxCampaignLength))
        {
            cx.Error("campaign", $"'{campaign}' is not a valid campaign slug; use lower-case letters, digits and '-', starting with a letter or digit, at most {MaxCampaignLength} characters");
        }

        var provider = cx.OneOf(top.Required("provider", $"one of: {string.Join(", ", ModelCatalog.Providers)}"), "provider", "provider", ModelCatalog.Providers);
        var model = Model(top, cx);
        var finetuneId = FinetuneId(top, model, cx);
        var matrix = MatrixReader.Read(top.Required("matrix", "the matrix of prompts, seeds and other axes"), model, cx);
        var parameters = ParamsReader.Read(top["params"], model, cx);
        var limits = PolicyReader.Limits(top["limits"], cx);
        var verify = PolicyReader.Verify(top["verify"], cx);
        CheckFormats(parameters, verify, cx);

        if (cx.Errors.Count > 0 || campaign is null || provider is null || model is null || matrix is null)
        {
            return null;
        }

        return new CampaignManifest(cx.File, SupportedVersion, campaign, provider, model.Name, finetuneId, matrix, parameters, limits, verify, cx.ToSourceMap());
    }

    private static ModelSpec? Model(Fields top, ReadContext cx)
    {
        var names = ModelCatalog.Models.Keys.Order(StringComparer.Ordinal).ToList();
        var name = cx.OneOf(top.Required("model", $"one of: {string.Join(", ", names)}"), "model", "model", names);
        if (name is null)
        {
            return null;
        }

        var model = ModelCatalog.Models[name];
        if (model.Shape == ModelShape.Fill)
        {
            cx.Error("model", $"fill campaigns are not supported yet: {name} needs image: and mask: inputs; use one of: {string.Join(", ", names.Where(n => ModelCatalog.Models[n].Shape != ModelShape.Fill))}");
            return null;
        }

        return model;
    }

    private static string? FinetuneId(Fields top, ModelSpec? model, ReadContext cx)
    {
        if (model is { Finetuned: false })
        {
            top.Forbid("finetune_id", $"{model.Name} is a base model; remove finetune_id or use {model.Name}-finetuned");
            return null;
        }

        var node = model is null ? top.Optional("finetune_id", "a finetune id") : top.Required("finetune_id", $"the id of your finetune, required for {model.Name}");
        return cx.Text(node, "finetune_id", "a finetune id like acme-brand-v3");
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
