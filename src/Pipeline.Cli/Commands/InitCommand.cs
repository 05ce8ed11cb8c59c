using System.CommandLine;
using System.Text.RegularExpressions;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline init [name]</c>: a commented starter manifest on the sandbox that validates as written.</summary>
internal static partial class InitCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Campaign name or path without extension (default: my-campaign); writes <name>.yaml.", DefaultValueFactory = _ => "my-campaign" };
        var command = new Command("init", "Write a commented starter manifest (sandbox provider, a small sweep) that validates as written.") { name };
        command.SetAction((parse, _) =>
        {
            var io = parse.InvocationConfiguration;
            var given = parse.GetRequiredValue(name);
            var path = Path.GetFullPath(given.EndsWith(".yaml", StringComparison.Ordinal) ? given : given + ".yaml");
            var campaign = NonSlug().Replace(Path.GetFileNameWithoutExtension(path).ToLowerInvariant(), "-").Trim('-');
            if (campaign.Length == 0)
            {
                io.Error.WriteLine($"error: '{given}' gives no campaign name; use letters or digits.");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            if (File.Exists(path))
            {
                io.Error.WriteLine($"error: {RunReport.Shown(path)} exists; init never overwrites a manifest.");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Starter(campaign));
            io.Output.WriteLine($"wrote {RunReport.Shown(path)}: check it with `pipeline validate`, see the jobs with `pipeline plan`, render with `pipeline run`.");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    private static string Starter(string campaign) => $$"""
        # A campaign manifest (version 1). Every key is explained in the README; unknown keys are errors.
        version: 1
        campaign: {{campaign}}            # names the campaign folder: output/{{campaign}}/ of this project
        provider: sandbox                 # offline and free; later: bfl | fal | replicate | openai | cometapi | cometapi-responses
        model: flux-pro-1.1-ultra-finetuned
        finetune_id: my-finetune          # your finetune's id at the provider
        matrix:
          prompts:
            - id: hero
              text: Our product on a marble counter, morning light
          finetune_strengths: [0.8, 1.0, 1.2]     # or {from: 0.8, to: 1.2, step: 0.2}
          seeds: [1, 2]                            # or {count: 4, start: 1} or {random: 4}
          aspect_ratios: ["1:1", "16:9"]
        params: {output_format: jpeg, safety_tolerance: 2}
        limits: {concurrency: 4, max_cost_usd: 2}  # the run refuses a plan over budget (--allow-partial renders what fits)
        verify: {nsfw: fail, formats: [jpeg]}

        """;
}
