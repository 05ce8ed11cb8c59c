using System.CommandLine;
using System.Globalization;
using Pipeline.Cli.Logging;
using Pipeline.Publishing;
using Pipeline.Records;
using Pipeline.Reports;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline publish &lt;campaign-dir&gt; s3://bucket/prefix | az://container/prefix</c>: upload the selected verified
/// images (and renditions, <c>audit.csv</c>, the report) to an object store. Exit 0 when everything is there, 1 when a
/// file was refused or failed, 2 on bad usage or credentials, 130 when interrupted (a rerun completes the rest).
/// </summary>
internal static class PublishCommand
{
    public static Command Create(Func<string, string?> environment, Interrupts? interrupts)
    {
        var dir = CampaignArgument.Create();
        var destination = new Argument<string>("destination") { Description = "s3://bucket/prefix (AWS or S3-compatible) or az://container/prefix (Azure Blob Storage)." };
        var approved = new Option<bool>("--approved") { Description = "Only images approved in review.csv." };
        var starred = new Option<bool>("--starred") { Description = "Only images starred in review.csv." };
        var all = new Option<bool>("--all") { Description = "Every kept verified image (the default)." };
        var rendition = new Option<string[]>("--rendition") { Description = "Also publish this rendition of each selected image (repeatable).", AllowMultipleArgumentsPerToken = false };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read the store and say what would be uploaded; upload and record nothing." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an object whose SHA-256 differs instead of refusing it." };
        var create = new Option<bool>("--create") { Description = "Create the bucket or container if it does not exist." };
        var endpoint = new Option<Uri?>("--endpoint")
        {
            Description = "An S3-compatible endpoint (overrides AWS_ENDPOINT_URL_S3); addressed path-style.",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"--endpoint must be an absolute http(s) URL, found '{text}'.");
                return null;
            },
        };
        var parallelism = new Option<int>("--parallel") { Description = "Uploads in flight at once.", DefaultValueFactory = _ => 8 };
        var command = new Command("publish", "Upload a campaign's verified images (and renditions, audit.csv, report) to S3 or Azure Blob Storage; unchanged objects are skipped, changed ones refused unless --overwrite.")
        {
            dir, destination, approved, starred, all, rendition, dryRun, overwrite, create, endpoint, parallelism,
        };
        command.Validators.Add(result =>
        {
            if (new[] { approved, starred, all }.Count(o => result.GetValue(o)) > 1)
            {
                result.AddError("--approved, --starred and --all cannot be combined.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var io = parse.InvocationConfiguration;
            var redactor = SecretRedactor.From(environment);
            var selection = parse.GetValue(approved) ? Selection.Approved : parse.GetValue(starred) ? Selection.Starred : Selection.All;
            var options = new PublishOptions
            {
                DryRun = parse.GetValue(dryRun),
                Overwrite = parse.GetValue(overwrite),
                Create = parse.GetValue(create),
                Parallelism = parse.GetValue(parallelism),
            };
            var drain = interrupts?.Drain ?? CancellationToken.None;
            try
            {
                return await RunAsync(
                    new PublishRequest(parse.GetRequiredValue(dir), PublishDestination.Parse(parse.GetRequiredValue(destination)), selection, parse.GetValue(rendition) ?? [], parse.GetValue(endpoint), options),
                    io, environment, drain, cancellationToken);
            }
            catch (Exception ex) when (ex is FormatException or PublishConfigurationException or NotACampaignException)
            {
                await io.Error.WriteLineAsync("error: " + redactor.Redact(ex.Message));
                return ExitCodes.InvalidInput;
            }
            catch (OperationCanceledException) when (drain.IsCancellationRequested || cancellationToken.IsCancellationRequested)
            {
                await io.Error.WriteLineAsync("interrupted: what was uploaded is recorded in published.csv; run the same command again to publish the rest.");
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(PublishRequest request, InvocationConfiguration io, Func<string, string?> environment, CancellationToken drain, CancellationToken cancellationToken)
    {
        var redactor = SecretRedactor.From(environment);
        if (request.Options.Validate() is { Count: > 0 } errors)
        {
            throw new PublishConfigurationException(string.Join(" ", errors));
        }

        var folder = NotACampaignException.Require(request.CampaignDir);
        if (!request.Options.DryRun && !File.Exists(Path.Combine(folder.ReportDir, "index.html")))
        {
            // The contact sheet goes with the images; a folder rendered without one (serve, the API) gets it now.
            ContactSheet.Write(folder, cancellationToken);
        }

        var items = PublishSelection.Files(folder, request.Selection, request.Renditions);
        await using var store = ObjectStores.Open(request.Destination, request.Endpoint, environment);
        var publisher = new Publisher(store, TimeProvider.System, request.Options);
        var exists = await publisher.PrepareAsync(request.Destination, cancellationToken);
        var console = Terminal.For(io.Output);
        var images = items.Count(i => i.Kind == PublishItemKind.Image);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(folder.Root)}: {images} images, {items.Count} files to {request.Destination}{(request.Options.DryRun ? " (dry run)" : string.Empty)}"));
        using var log = request.Options.DryRun ? null : PublishedLog.Open(folder.Root);
        void Report(PublishOutcome o)
        {
            if (o.Status is PublishStatus.Refused or PublishStatus.Failed || request.Options.DryRun && o.Status == PublishStatus.Uploaded)
            {
                io.Output.WriteLine(redactor.Redact($"  {(request.Options.DryRun && o.Status == PublishStatus.Uploaded ? "would upload" : PublishOutcome.Wire(o.Status))}: {o.Key}{(o.Detail is { } d && !request.Options.DryRun ? ": " + d : string.Empty)}"));
            }
        }

        IReadOnlyList<PublishOutcome> outcomes;
        if (console.Profile.Capabilities.Interactive && !request.Options.DryRun)
        {
            outcomes = [];
            await console.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var bar = ctx.AddTask("publishing", maxValue: items.Count);
                    outcomes = await publisher.PublishAsync(folder, request.Destination, items, log, o =>
                    {
                        Report(o);
                        bar.Increment(1);
                    }, exists, drain, cancellationToken);
                });
        }
        else
        {
            outcomes = await publisher.PublishAsync(folder, request.Destination, items, log, Report, exists, drain, cancellationToken);
        }

        var counts = Enum.GetValues<PublishStatus>().Select(s => string.Create(CultureInfo.InvariantCulture, $"{outcomes.Count(o => o.Status == s)} {(request.Options.DryRun && s == PublishStatus.Uploaded ? "would upload" : PublishOutcome.Wire(s))}"));
        console.WriteLine("published: " + string.Join(", ", counts));
        if (log is not null)
        {
            console.WriteLine("log:       " + RunReport.Shown(Path.Combine(folder.Root, PublishedLog.FileName)));
        }

        return outcomes.Any(o => o.Status is PublishStatus.Refused or PublishStatus.Failed) ? ExitCodes.JobsFailed : ExitCodes.Ok;
    }

    private sealed record PublishRequest(string CampaignDir, PublishDestination Destination, Selection Selection, IReadOnlyCollection<string> Renditions, Uri? Endpoint, PublishOptions Options);
}
