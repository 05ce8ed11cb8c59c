using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Imaging.Decoding;
using Pipeline.Verification;
using Pipeline.Records;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline inspect &lt;image&gt;</c>: the provenance embedded in an image, its real format and size, and whether its bytes still match.</summary>
internal static class InspectCommand
{
    // A terminal, not HTML: times and text as written (+00:00, not \u002B00:00).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var image = new Argument<string>("image") { Description = "An image a run stored, e.g. output/acme-spring/images/….jpg." };
        var command = new Command("inspect", "Print the provenance embedded in an image, its real format and size, and whether its bytes still match its sidecar; exit 1 when they do not.") { image };
        command.SetAction((parse, _) =>
        {
            var io = parse.InvocationConfiguration;
            ImageProvenanceCheck check;
            try
            {
                check = ImageProvenanceCheck.Run(parse.GetRequiredValue(image));
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
            {
                io.Error.WriteLine("error: " + ex.Message);
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            Print(io.Output, check);
            return Task.FromResult(check.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.JobsFailed);
        });
        return command;
    }

    private static void Print(TextWriter output, ImageProvenanceCheck c)
    {
        var inv = CultureInfo.InvariantCulture;
        var f = c.Facts;
        output.WriteLine(c.Path);
        output.WriteLine(string.Create(inv, $"format:     {f.Format ?? c.Decoded.Format.Name().ToLowerInvariant()}, {f.Width}x{f.Height} pixels, {f.Length} bytes, {(f.Intact ? "intact" : "DAMAGED")}"));
        output.WriteLine("decoded:    " + c.Decoded.Describe());
        output.WriteLine("sha256:     " + c.Sha256);
        output.WriteLine("sidecar:    " + (c.Sidecar is null ? "none beside the file"
            : string.Equals(c.Sidecar.Sha256, c.Sha256, StringComparison.OrdinalIgnoreCase) ? "sha256 matches the file" : "sha256 DIFFERS: sidecar says " + c.Sidecar.Sha256));
        output.WriteLine("provider:   " + (c.Embedded?.Record is null ? "unknown (no embedded record)"
            : c.Embedded.SourceIntact ? "the file without its record is the provider's output (source_sha256 matches)" : "the bytes DIFFER from the provider's output"));
        if (c.Embedded?.Record is { } record)
        {
            output.WriteLine("provenance (embedded):");
            output.WriteLine(JsonNode.Parse(record.ToJson())!.ToJsonString(Indented));
        }

        foreach (var problem in c.Problems)
        {
            output.WriteLine("problem:    " + problem);
        }
    }
}
