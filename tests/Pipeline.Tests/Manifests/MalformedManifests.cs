using Pipeline.Tests.Support;

namespace Pipeline.Tests.Manifests;

/// <summary>One malformed manifest and the error it must give.</summary>
/// <param name="At"><c>line:column</c> of the error.</param>
/// <param name="Path">The key path the error names.</param>
/// <param name="Phrase">A phrase of the message (what was found, what is allowed).</param>
/// <param name="Schema">
/// True when <c>schemas/campaign.schema.json</c> rejects it too. False for the checks JSON Schema cannot
/// express: references between values (prompt ids, vars, zip lengths), files, and plan-time provider rules.
/// </param>
/// <param name="Files">Files to put beside the manifest (fill inputs), by relative path.</param>
public sealed record Malformed(string Name, string Yaml, string At, string Path, string Phrase, bool Schema = true, IReadOnlyDictionary<string, byte[]>? Files = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// The corpus of malformed manifests: each gives a precise error (file:line:column, key path, found vs allowed)
/// and exit code 2 with nothing written. Variants of <see cref="SomeManifest.Valid"/> unless they say otherwise.
/// </summary>
internal static class MalformedManifests
{
    public static IReadOnlyList<Malformed> All { get; } =
    [
        new("unknown-top-level-key", SomeManifest.Valid + "colour: red\n", "19:1", "colour", "unknown key 'colour'"),
        new("unknown-key-suggests", SomeManifest.With(("{concurrency: 8", "{concurency: 8")), "17:10", "limits.concurency", "unknown key 'concurency' (did you mean 'concurrency'?)"),
        new("misspelt-matrix-key", SomeManifest.With(("  prompts:", "  promts:")), "8:3", "matrix.promts", "did you mean 'prompts'?"),
        new("integer-expected", SomeManifest.With(("concurrency: 8", "concurrency: abc")), "17:23", "limits.concurrency", "expected an integer, found 'abc' (allowed: 1 to 256)"),
        new("quoted-number", SomeManifest.With(("concurrency: 8", "concurrency: \"8\"")), "17:23", "limits.concurrency", "found the quoted text \"8\"; write it without quotes"),
        new("number-where-text-expected", SomeManifest.With(("campaign: acme-spring", "campaign: 2024")), "3:11", "campaign", "found the number 2024; quote it (\"2024\")"),
        new("concurrency-zero", SomeManifest.With(("concurrency: 8", "concurrency: 0")), "17:23", "limits.concurrency", "0 is out of range; allowed: 1 to 256"),
        new("strength-above-two", SomeManifest.With(("[0.8, 1.0, 1.2]", "[0.8, 1.0, 2.5]")), "13:34", "matrix.finetune_strengths[2]", "2.5 is out of range; allowed: 0 to 2"),
        new("strength-range-above-two", SomeManifest.With(("[0.8, 1.0, 1.2]", "{from: 0.5, to: 2.5, step: 0.5}")), "13:39", "matrix.finetune_strengths.to", "2.5 is out of range; allowed: 0 to 2"),
        new("strength-range-zero-step", SomeManifest.With(("[0.8, 1.0, 1.2]", "{from: 0.5, to: 1.5, step: 0}")), "13:50", "matrix.finetune_strengths.step", "0 is out of range; allowed: more than 0"),
        new("aspect-ratio-malformed", SomeManifest.With(("[\"16:9\", \"1:1\"]", "[\"16:9\", \"4x5\"]")), "15:27", "matrix.aspect_ratios[1]", "found '4x5' (did you mean '4:5'?)"),
        new("aspect-ratio-zero-side", SomeManifest.With(("[\"16:9\", \"1:1\"]", "[\"16:9\", \"0:1\"]")), "15:27", "matrix.aspect_ratios[1]", "both sides must be 1 or more"),
        new("size-not-multiple-of-32", SomeManifest.Sized("[1024x768, 1000x768]"), "15:21", "matrix.sizes[1]", "width 1000 is not allowed; each side must be a multiple of 32 from 256 to 1440"),
        new("missing-finetune-id", SomeManifest.With(("finetune_id: acme-brand-v3\n", string.Empty)), "2:1", "finetune_id", "missing required key 'finetune_id'"),
        new("finetune-id-on-base-model", SomeManifest.With(("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1.1-ultra"), ("  finetune_strengths: [0.8, 1.0, 1.2]\n", string.Empty)), "6:1", "finetune_id", "flux-pro-1.1-ultra is a base model"),
        new("strengths-on-base-model", SomeManifest.With(("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1.1-ultra"), ("finetune_id: acme-brand-v3\n", string.Empty)), "12:3", "matrix.finetune_strengths", "is a base model without a finetune"),
        new("duplicate-prompt-ids", SomeManifest.With(("- id: kitchen", "- id: kettle-hero")), "11:11", "matrix.prompts[1].id", "duplicate prompt id 'kettle-hero'", Schema: false),
        new("bad-prompt-id", SomeManifest.With(("- id: kitchen", "- id: my kitchen")), "11:11", "matrix.prompts[1].id", "prompt id 'my kitchen' is not allowed"),
        new("duplicate-key", SomeManifest.With(("provider: sandbox\n", "provider: sandbox\ncampaign: other\n")), "5:1", "campaign", "duplicate key 'campaign' (first set at line 3)"),
        new("yaml-syntax-error", SomeManifest.With(("provider: sandbox", " provider: sandbox")), "4:10", string.Empty, "YAML syntax error"),
        // Issue 14, item 12: YamlDotNet puts these at 1:1 or at the end of the line before; the error points at the tab.
        new("tab-indents-key", SomeManifest.With(("  finetune_strengths:", "\tfinetune_strengths:")), "13:1", string.Empty, "tab character in indentation; YAML indents with spaces"),
        new("tab-inside-indentation", SomeManifest.With(("      text: A bright kitchen", "  \t   text: A bright kitchen")), "12:3", string.Empty, "tab character in indentation; YAML indents with spaces"),
        new("tab-indents-list-item", SomeManifest.With(("    - id: kitchen", "\t- id: kitchen")), "11:1", string.Empty, "tab character in indentation; YAML indents with spaces"),
        new("empty-document", "# nothing here\n", "2:1", string.Empty, "the manifest is empty"),
        new("version-two", SomeManifest.With(("version: 1", "version: 2")), "2:10", "version", "unsupported manifest version 2; this pipeline reads version 1"),
        new("version-quoted", SomeManifest.With(("version: 1", "version: \"1\"")), "2:10", "version", "unsupported manifest version the quoted text \"1\""),
        new("bad-campaign-slug", SomeManifest.With(("campaign: acme-spring", "campaign: Acme Spring")), "3:11", "campaign", "'Acme Spring' is not a valid campaign slug"),
        new("unknown-provider", SomeManifest.With(("provider: sandbox", "provider: bfll")), "4:11", "provider", "unknown provider 'bfll' (did you mean 'bfl'?)"),
        new("unknown-model", SomeManifest.With(("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-ultra-finetuned")), "5:8", "model", "(did you mean 'flux-pro-1.1-ultra-finetuned'?)"),
        new("unknown-params-key", SomeManifest.With(("safety_tolerance: 2", "safety_tolerence: 2")), "16:31", "params.safety_tolerence", "(did you mean 'safety_tolerance'?)"),
        new("raw-on-ultra-finetuned", SomeManifest.With(("safety_tolerance: 2}", "safety_tolerance: 2, raw: true}")), "16:52", "params.raw", "raw mode does not work with finetunes"),
        new("seed-in-params", SomeManifest.With(("safety_tolerance: 2}", "safety_tolerance: 2, seed: 4}")), "16:52", "params.seed", "seeds come from matrix.seeds"),
        new("steps-on-ultra", SomeManifest.With(("safety_tolerance: 2}", "safety_tolerance: 2, steps: 20}")), "16:52", "params.steps", "does not take 'steps'"),
        new("guidance-above-pro-range", SomeManifest.Sized().Replace("safety_tolerance: 2}", "guidance: 7}", StringComparison.Ordinal), "16:41", "params.guidance", "7 is out of range; allowed: 1.5 to 5"),
        new("random-and-count", SomeManifest.With(("seeds: [11, 12]", "seeds: {random: 4, count: 2}")), "14:11", "matrix.seeds.random", "use either {random: N} or {count, start}, not both"),
        new("random-zero", SomeManifest.With(("seeds: [11, 12]", "seeds: {random: 0}")), "14:19", "matrix.seeds.random", "0 is out of range; allowed: 1 to 100000"),
        new("negative-seed", SomeManifest.With(("seeds: [11, 12]", "seeds: [11, -1]")), "14:15", "matrix.seeds[1]", "-1 is out of range; allowed: 0 to 2147483647"),
        new("seeds-not-a-list", SomeManifest.With(("seeds: [11, 12]", "seeds: 11")), "14:10", "matrix.seeds", "expected a list of seeds"),
        new("sizes-on-ultra", SomeManifest.With(("  aspect_ratios:", "  sizes: [1024x768]\n  aspect_ratios:")), "15:3", "matrix.sizes", "takes aspect_ratios like [\"16:9\"], not sizes"),
        new("sized-without-sizes", SomeManifest.With(("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-finetuned"), ("  aspect_ratios: [\"16:9\", \"1:1\"]\n", string.Empty)), "7:1", "matrix.sizes", "missing required key 'sizes'"),
        new("size-tolerance-too-large", SomeManifest.With(("formats: [jpeg]}", "formats: [jpeg], size_tolerance_px: 65}")), "18:58", "verify.size_tolerance_px", "65 is out of range; allowed: 0 to 64"),
        new("blank-unknown-policy", SomeManifest.With(("formats: [jpeg]}", "formats: [jpeg], blank: flg}")), "18:46", "verify.blank", "(did you mean 'flag'?)"),
        new("blank-misspelt-key", SomeManifest.With(("formats: [jpeg]}", "formats: [jpeg], blnk: flag}")), "18:39", "verify.blnk", "unknown key 'blnk' (did you mean 'blank'?)"),
        new("size-tolerance-negative", SomeManifest.With(("formats: [jpeg]}", "formats: [jpeg], size_tolerance_px: -1}")), "18:58", "verify.size_tolerance_px", "-1 is out of range; allowed: 0 to 64"),
        new("output-format-not-verified", SomeManifest.With(("output_format: jpeg", "output_format: png")), "18:31", "verify.formats", "does not include 'png'", Schema: false),
        new("exclude-unknown-prompt", SomeManifest.With(("  seeds: [11, 12]", "  seeds: [11, 12]\n  exclude: [{prompt: kettle-her}]")), "15:22", "matrix.exclude[0].prompt", "unknown prompt id 'kettle-her' (did you mean 'kettle-hero'?)", Schema: false),
        new("exclude-key-without-value", SomeManifest.With(("  seeds: [11, 12]", "  seeds: [11, 12]\n  exclude: [{seed: }]")), "15:14", "matrix.exclude[0].seed", "'seed' has no value"),
        new("include-adds-partial-job", SomeManifest.With(("  seeds: [11, 12]", "  seeds: [11, 12]\n  include: [{prompt: kitchen, seed: 99}]")), "15:13", "matrix.include[0]", "missing: finetune_strength, aspect_ratio", Schema: false),
        new("deeply-nested", SomeManifest.With(("seeds: [11, 12]", $"seeds: {new string('[', 100)}{new string(']', 100)}")), "14:", string.Empty, "nesting deeper than 64 levels"),

        // finetune_ids, per-prompt overrides, vars, zip
        new("finetune-id-and-finetune-ids", SomeManifest.With(("  seeds:", "  finetune_ids: [a, b]\n  seeds:")), "14:17", "matrix.finetune_ids", "use either finetune_id (one finetune) or matrix.finetune_ids"),
        new("finetune-ids-on-base-model", SomeManifest.BaseModel().Replace("  seeds:", "  finetune_ids: [a, b]\n  seeds:", StringComparison.Ordinal), "12:3", "matrix.finetune_ids", "flux-pro-1.1-ultra is a base model"),
        new("prompt-override-wrong-shape", SomeManifest.Sized().Replace("      text: A bright kitchen\n", "      text: A bright kitchen\n      aspect_ratios: [\"1:1\"]\n", StringComparison.Ordinal), "13:7", "matrix.prompts[1].aspect_ratios", "takes sizes like [\"1024x768\"], not aspect ratios"),
        new("prompt-override-unknown-key", SomeManifest.With(("      text: A bright kitchen\n", "      text: A bright kitchen\n      seeds: [1]\n")), "13:7", "matrix.prompts[1].seeds", "unknown key 'seeds'"),
        new("unknown-placeholder", Vars("A {colour} kettle", "color: [red, blue]"), "12:13", "matrix.prompts[0].text", "unknown placeholder {colour} (did you mean {color}?); matrix.vars defines: color", Schema: false),
        new("placeholder-without-vars", SomeManifest.With(("text: A matte black kettle", "text: A {color} kettle")), "10:13", "matrix.prompts[0].text", "matrix.vars defines no variables", Schema: false),
        new("unused-var", Vars("A {color} kettle", "color: [red, blue]\n    room: [kitchen]"), "10:5", "matrix.vars.room", "variable 'room' is not used by any prompt", Schema: false),
        new("bad-var-name", Vars("A {color} kettle", "color: [red, blue]\n    Room: [kitchen]"), "10:5", "matrix.vars.Room", "'Room' is not a variable name"),
        new("var-without-values", Vars("A {color} kettle", "color: []"), "9:5", "matrix.vars.color", "variable 'color' has no values"),
        new("var-values-same-id", Vars("A {color} kettle", "color: [Red, red]"), "9:18", "matrix.vars.color[1]", "value 'red' names its jobs 'red', like 'Red' does", Schema: false),
        new("zip-lengths-differ", SomeManifest.With(("  seeds: [11, 12]", "  seeds: [11, 12]\n  zip: [[finetune_strengths, seeds]]")), "15:9", "matrix.zip[0]", "the lists must be equally long: finetune_strengths has 3, seeds has 2", Schema: false),
        new("zip-single-axis", SomeManifest.With(("  seeds: [11, 12]", "  seeds: [11, 12]\n  zip: [[seeds]]")), "15:9", "matrix.zip[0]", "a zip group pairs at least two axes"),
        new("zip-unknown-axis", SomeManifest.With(("  seeds: [11, 12]", "  seeds: [11, 12]\n  zip: [[seedz, aspect_ratios]]")), "15:10", "matrix.zip[0][0]", "unknown axis 'seedz' (did you mean 'seeds'?)", Schema: false),
        new("zip-overridden-axis", SomeManifest.With(("  seeds: [11, 12]", "  seeds: [11, 12]\n  zip: [[seeds, aspect_ratios]]"), ("      text: A bright kitchen\n", "      text: A bright kitchen\n      aspect_ratios: [\"1:1\"]\n")), "13:22", "matrix.prompts[1].aspect_ratios", "cannot override aspect_ratios for one prompt: it is zipped in matrix.zip[0]", Schema: false),
        new("exclude-unknown-var-value", Vars("A {color} kettle", "color: [red, blue]", "\n  exclude: [{color: gren}]"), "17:21", "matrix.exclude[0].color", "unknown value of {color} 'gren'", Schema: false),
        new("include-var-not-used", Vars("A {color} kettle", "color: [red, blue]", "\n  include: [{prompt: kitchen, color: red, finetune_strength: 1, seed: 1, aspect_ratio: \"1:1\"}]"), "17:38", "matrix.include[0].color", "prompt 'kitchen' does not use {color}", Schema: false),

        // fill inputs
        new("image-on-ultra", SomeManifest.With(("finetune_id: acme-brand-v3\n", "finetune_id: acme-brand-v3\nimage: kettle.png\n")), "7:1", "image", "only fill models take an input image"),
        new("fill-image-missing", Fill("image: nowhere.png"), "7:8", "image", "file 'nowhere.png' not found", Schema: false, Files: FillFiles()),
        new("fill-image-not-an-image", Fill("image: notes.png"), "7:8", "image", "'notes.png' is not a readable PNG or JPEG", Schema: false, Files: FillFiles()),
        new("fill-mask-size-differs", Fill("image: kettle.png\nmask: small.png"), "8:7", "mask", "the mask is 256x256 but the image is 512x512", Schema: false, Files: FillFiles()),

        // the provider's capability table, checked per job at plan time
        new("fill-on-replicate", Fill("image: kettle.png").Replace("provider: sandbox", "provider: replicate", StringComparison.Ordinal), "5:8", "model", "replicate does not serve flux-pro-1.0-fill-finetuned: Replicate has no fill model", Files: FillFiles()),
        new("pro-finetuned-on-fal", SomeManifest.Sized().Replace("provider: sandbox", "provider: fal", StringComparison.Ordinal), "5:8", "model", "fal does not serve flux-pro-finetuned"),
        new("fill-on-openai", Fill("image: kettle.png").Replace("provider: sandbox", "provider: openai", StringComparison.Ordinal), "5:8", "model", "openai does not serve flux-pro-1.0-fill-finetuned: the OpenAI images API", Files: FillFiles()),
        new("safety-zero-on-fal", SomeManifest.With(("provider: sandbox", "provider: fal"), ("safety_tolerance: 2", "safety_tolerance: 0")), "16:49", "params.safety_tolerance", "0 is not allowed by fal (fal-ai/flux-pro/v1.1-ultra-finetuned); allowed: an integer from 1 to 6"),

        // renditions (issue 15)
        new("rendition-unknown-fit", Renditions("  - {name: feed, size: 1080x1350, fit: covr, format: jpeg}"), "20:40", "renditions[0].fit", "unknown fit 'covr' (did you mean 'cover'?); allowed: cover, contain"),
        new("rendition-unknown-format", Renditions("  - {name: feed, size: 1080x1350, format: jpg}"), "20:43", "renditions[0].format", "unknown format 'jpg' (did you mean 'jpeg'?); allowed: jpeg, png, webp"),
        new("rendition-unknown-gravity", Renditions("  - {name: feed, size: 1080x1350, gravity: middle, format: jpeg}"), "20:44", "renditions[0].gravity", "unknown gravity 'middle'; allowed: center, top, bottom, left, right"),
        new("rendition-size-too-large", Renditions("  - {name: feed, size: 9000x1350, format: jpeg}"), "20:24", "renditions[0].size", "9000x1350 is out of range; each side must be from 16 to 8192 pixels"),
        new("rendition-width-too-small", Renditions("  - {name: feed, width: 8, format: webp}"), "20:25", "renditions[0].width", "8 is out of range; allowed: 16 to 8192"),
        new("rendition-quality-zero", Renditions("  - {name: feed, size: 1080x1350, format: jpeg, quality: 0}"), "20:58", "renditions[0].quality", "0 is out of range; allowed: 1 to 100"),
        new("rendition-quality-above-100", Renditions("  - {name: feed, size: 1080x1350, format: jpeg, quality: 101}"), "20:58", "renditions[0].quality", "101 is out of range; allowed: 1 to 100"),
        new("rendition-background-with-cover", Renditions("  - {name: feed, size: 1080x1350, background: \"#ffffff\", format: jpeg}"), "20:47", "renditions[0].background", "'background' is for fit: contain"),
        new("rendition-duplicate-names", Renditions("  - {name: feed, size: 1080x1350, format: jpeg}\n  - {name: feed, width: 1920, format: webp}"), "21:12", "renditions[1].name", "duplicate rendition name 'feed' (first used by renditions[0])", Schema: false),
        new("rendition-unknown-key", Renditions("  - {name: feed, size: 1080x1350, format: jpeg, colour: red}"), "20:49", "renditions[0].colour", "unknown key 'colour'"),
    ];

    public static TheoryData<string> Names() => [.. All.Select(m => m.Name)];

    public static TheoryData<string> SchemaNames() => [.. All.Where(m => m.Schema).Select(m => m.Name)];

    public static Malformed Get(string name) => All.Single(m => m.Name == name);

    /// <summary>Writes the manifest (as <c>campaign.yaml</c>) and its files into <paramref name="dir"/>; returns its path.</summary>
    public static string WriteTo(this Malformed manifest, TempDirectory dir)
    {
        foreach (var (name, bytes) in manifest.Files ?? new Dictionary<string, byte[]>())
        {
            File.WriteAllBytes(dir.File(name), bytes);
        }

        return dir.Write(SomeManifest.File, manifest.Yaml);
    }

    /// <summary>The valid manifest with <c>matrix.vars</c> (line 8 on) and prompt 0's text replaced.</summary>
    private static string Vars(string text, string vars, string entries = "") => SomeManifest.With(
        ("  prompts:\n", $"  vars:\n    {vars}\n  prompts:\n"),
        ("text: A matte black kettle", $"text: {text}"),
        ("  seeds: [11, 12]", "  seeds: [11, 12]" + entries));

    /// <summary>The valid manifest with a <c>renditions:</c> list (line 19 on; its first item on line 20).</summary>
    private static string Renditions(string items) => SomeManifest.Valid + "renditions:\n" + items + "\n";

    /// <summary>A fill manifest whose inputs are <paramref name="inputs"/> (lines 7 on).</summary>
    private static string Fill(string inputs) => SomeManifest.With(
        ("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1.0-fill-finetuned"),
        ("finetune_id: acme-brand-v3\n", $"finetune_id: acme-brand-v3\n{inputs}\n"),
        ("  aspect_ratios: [\"16:9\", \"1:1\"]\n", string.Empty));

    private static Dictionary<string, byte[]> FillFiles() => new(StringComparer.Ordinal)
    {
        ["kettle.png"] = TestImages.Png(512, 512),
        ["small.png"] = TestImages.Png(256, 256),
        ["notes.png"] = "not an image"u8.ToArray(),
    };
}
