using System.Globalization;
using Pipeline.Audit;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary>The review part of <c>pipeline audit</c>: decision counts and the approval rate per strength for each prompt.</summary>
internal static class AuditDecisions
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Print(IAnsiConsole console, TextWriter output, ReviewSummary s)
    {
        if (s.Rows == 0)
        {
            output.WriteLine("decisions: none yet (review.csv is written by 'pipeline review')");
            return;
        }

        output.WriteLine(string.Create(Inv, $"decisions ({s.Rows} review rows): {s.Approved} approved, {s.Rejected} rejected, {s.Starred} starred, {s.Undecided} undecided of {s.Images} images; {s.Notes} with a note"));
        var table = new Table().AddColumn("prompt").AddColumn("finetune").AddColumn(new TableColumn("strength").RightAligned())
            .AddColumn(new TableColumn("images").RightAligned()).AddColumn(new TableColumn("approved").RightAligned())
            .AddColumn(new TableColumn("rejected").RightAligned()).AddColumn(new TableColumn("approval rate").RightAligned());
        foreach (var r in s.Rates)
        {
            table.AddRow(
                Markup.Escape(r.PromptId), Markup.Escape(r.FinetuneId ?? "—"), r.Strength?.ToString(Inv) ?? "—", r.Images.ToString(Inv),
                r.Approved.ToString(Inv), r.Rejected.ToString(Inv), r.Rate is { } rate ? rate.ToString("0%", Inv) : "—");
        }

        console.Write(table);
        output.WriteLine("approval rate = approved ÷ decided (approved + rejected) at that strength; undecided images do not count.");
    }
}
