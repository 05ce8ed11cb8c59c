using System.CommandLine;
using Pipeline.Records;
using Pipeline.Review;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline review &lt;campaign-dir&gt; [--port N] [--reviewer NAME]</c>: serve the review page on 127.0.0.1 until
/// Ctrl+C or SIGTERM. The first line on standard output is the page's URL with its token.
/// </summary>
internal static class ReviewCommand
{
    public static Command Create(Interrupts? interrupts)
    {
        var dir = CampaignArgument.Create();
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var reviewer = new Option<string>("--reviewer") { Description = "Name written with every decision in review.csv (default: the user name).", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("review", "Serve a review page of a campaign on 127.0.0.1 (token in the printed URL): approve, reject, star and annotate images into review.csv.") { dir, port, reviewer };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var io = parse.InvocationConfiguration;
            CampaignFolder folder;
            try
            {
                folder = NotACampaignException.Require(parse.GetRequiredValue(dir));
            }
            catch (NotACampaignException ex)
            {
                await io.Error.WriteLineAsync("error: " + ex.Message);
                return ExitCodes.InvalidInput;
            }

            var options = new ReviewOptions { Port = parse.GetValue(port), Reviewer = parse.GetValue(reviewer) ?? Environment.UserName };
            if (options.Validate() is { Count: > 0 } errors)
            {
                foreach (var error in errors)
                {
                    await io.Error.WriteLineAsync("error: " + error);
                }

                return ExitCodes.InvalidInput;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interrupts?.Drain ?? CancellationToken.None);
            try
            {
                await using var server = await ReviewServer.StartAsync(folder, options, stop.Token);
                await io.Output.WriteLineAsync("review: " + server.Url);
                await io.Output.WriteLineAsync($"decisions go to {folder.ReviewPath}; Ctrl+C stops the server.");
                await io.Output.FlushAsync(stop.Token);
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM is the normal way to stop reviewing.
            }
            catch (Exception ex) when (ex is ReviewBusyException or IOException or FormatException)
            {
                await io.Error.WriteLineAsync("error: " + ex.Message);
                return ex is ReviewBusyException or IOException ? ExitCodes.InvalidInput : ExitCodes.JobsFailed;
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
