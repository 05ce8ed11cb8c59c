using System.CommandLine;
using System.Globalization;
using Pipeline.Export;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline export &lt;campaign-dir&gt; --to DIR [--approved | --starred | --all] [--rendition NAME ...]</c>: copy the
/// chosen images with their sidecars and write <c>DIR/export.csv</c>. Exit 1 when it refuses (a different file in
/// the way, a damaged source), 2 on usage errors.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var dir = CampaignArgument.Create();
        var to = new Option<string>("--to") { Description = "Folder to copy into (created when missing).", Required = true };
        var approved = new Option<bool>("--approved") { Description = "Images approved in review.csv (the default)." };
        var starred = new Option<bool>("--starred") { Description = "Starred images (with --approved: either)." };
        var all = new Option<bool>("--all") { Description = "Every kept image, decided or not." };
        var rendition = new Option<string[]>("--rendition") { Description = "Copy this rendition (renditions.csv) instead of the master; repeatable; 'master' adds the master.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("export", "Copy the approved (or starred, or all) images of a campaign with their sidecars into a folder and write its export.csv.") { dir, to, approved, starred, all, rendition };
        command.SetAction((parse, cancellationToken) =>
        {
            var io = parse.InvocationConfiguration;
            var selection = (parse.GetValue(approved) ? ExportSelection.Approved : 0) | (parse.GetValue(starred) ? ExportSelection.Starred : 0);
            if (parse.GetValue(all))
            {
                if (selection != ExportSelection.None)
                {
                    io.Error.WriteLine("error: --all takes every kept image; leave out --approved and --starred.");
                    return Task.FromResult(ExitCodes.InvalidInput);
                }

                selection = ExportSelection.All;
            }

            return Task.FromResult(CampaignArgument.Run(parse.GetRequiredValue(dir), io.Error, folder =>
            {
                var request = new ExportRequest(folder, Path.GetFullPath(parse.GetRequiredValue(to)), selection == ExportSelection.None ? ExportSelection.Approved : selection, parse.GetValue(rendition) ?? []);
                try
                {
                    var result = CampaignExport.Run(request, cancellationToken);
                    foreach (var missing in result.Missing)
                    {
                        io.Error.WriteLine("note: " + missing);
                    }

                    io.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export: {result.Items} file(s) selected, {result.Copied} copied (sidecars included), the rest already there"));
                    io.Output.WriteLine("export.csv: " + result.CsvPath);
                    return ExitCodes.Ok;
                }
                catch (ArgumentException ex)
                {
                    io.Error.WriteLine("error: " + ex.Message);
                    return ExitCodes.InvalidInput;
                }
                catch (Exception ex) when (ex is ExportRefusedException or IOException or UnauthorizedAccessException)
                {
                    io.Error.WriteLine("error: " + ex.Message);
                    return ExitCodes.JobsFailed;
                }
            }));
        });
        return command;
    }
}
