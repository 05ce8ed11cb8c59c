using System.Globalization;
using CsvHelper;
using Pipeline.Records;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Records;

/// <summary>
/// The one append discipline of every CSV log. Two logs opened on one file are two open file descriptions, as two
/// processes' are: nothing in-process (no shared lock object, no shared offset) keeps them apart, only the folder's
/// append lock and the single write at the end of the file.
/// </summary>
public sealed class AppendOnlyCsvTests : IDisposable
{
    private static readonly string[] Header = ["writer", "n", "note"];
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Append_FourWritersOnOneFileAtOnce_OneHeaderAndEveryRowWhole()
    {
        var path = _dir.File("log.csv");
        const int Rows = 2000;
        var writers = new[] { "a", "b", "c", "d" };

        await Task.WhenAll(writers.Select(writer => Task.Run(() =>
        {
            using var log = AppendOnlyCsv.Open(path, Header, durable: false, TimeProvider.System);
            for (var n = 0; n < Rows; n++)
            {
                log.Append([writer, n.ToString(CultureInfo.InvariantCulture), Note(writer, n)]);
            }
        })));

        var rows = ReadBack(path);
        Assert.Equal(writers.Length * Rows, rows.Count);
        foreach (var writer in writers)
        {
            var own = rows.Where(r => r.Writer == writer).ToList();
            Assert.Equal(Enumerable.Range(0, Rows), own.Select(r => r.N));
            Assert.All(own, r => Assert.Equal(Note(writer, r.N), r.Note));
        }

        Assert.Equal(1, File.ReadAllText(path).Split("\r\n").Count(l => l == "writer,n,note"));
    }

    [Fact]
    public void Append_AfterAnotherWriterDiedMidRow_CutsItsTornRowAndKeepsTheBytes()
    {
        var path = _dir.File("log.csv");
        using var survivor = AppendOnlyCsv.Open(path, Header, durable: false, TimeProvider.System);
        survivor.Append(["a", "0", "first"]);
        var torn = "b,0,\"half a note, then the process was kil"u8.ToArray();
        using (var dead = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            dead.Write(torn);
        }

        survivor.Append(["a", "1", "second"]);

        Assert.Equal([("a", 0, "first"), ("a", 1, "second")], ReadBack(path).Select(r => (r.Writer, r.N, r.Note)));
        Assert.NotNull(survivor.TornCopyPath);
        Assert.Equal(torn, File.ReadAllBytes(survivor.TornCopyPath!));
    }

    [Fact]
    public void Append_RowsOfAnotherWriterSinceOurLast_KeptAndFollowed()
    {
        var path = _dir.File("log.csv");
        using var first = AppendOnlyCsv.Open(path, Header, durable: true, TimeProvider.System);
        using var second = AppendOnlyCsv.Open(path, Header, durable: true, TimeProvider.System);

        first.Append(["a", "0", "one\r\ntwo"]);
        second.Append(["b", "0", "\"quoted\""]);
        first.Append(["a", "1", "three"]);

        Assert.Equal([("a", 0, "one\r\ntwo"), ("b", 0, "\"quoted\""), ("a", 1, "three")], ReadBack(path).Select(r => (r.Writer, r.N, r.Note)));
        Assert.Null(first.TornCopyPath);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Every kind of field that needs quoting, and long enough that a row spans many writes' worth of bytes.</summary>
    private static string Note(string writer, int n) =>
        string.Create(CultureInfo.InvariantCulture, $"{writer}{n}: a \"quoted\" note, with commas,\r\nline breaks and {new string('x', n % 7 * 300)}");

    private static List<(string Writer, int N, string Note)> ReadBack(string path)
    {
        using var csv = CsvReader.FromFile(path);
        var rows = new List<(string, int, string)>();
        while (csv.Read())
        {
            rows.Add((csv.GetString("writer"), int.Parse(csv.GetString("n"), CultureInfo.InvariantCulture), csv.GetString("note")));
        }

        return rows;
    }
}
