using System.Globalization;
using System.Text;

namespace Pipeline.Sandbox;

/// <summary>
/// Every BFL submit, BFL poll and download, one JSON line each, timed on arrival by the sandbox's clock, so the cold
/// benchmark (README, Performance) measures any client by the same rule. Lines:
/// <c>{"t":ms,"kind":"submit","id":"…","status":200,"end":ms}</c> (<c>end</c>: when the task turns terminal),
/// <c>{"t":ms,"kind":"poll","id":"…","status":"Pending"}</c>, <c>{"t":ms,"kind":"download","id":"…"}</c>;
/// times are Unix milliseconds with microseconds. Each line is written and flushed at once: the benchmark may kill
/// the sandbox, and a line costs one small write.
/// </summary>
internal sealed class RequestLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;

    public RequestLog(string path)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
    }

    public void Submit(DateTimeOffset at, string? id, int status, DateTimeOffset? end) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"{{\"t\":{Ms(at)},\"kind\":\"submit\",\"id\":\"{Escape(id ?? "")}\",\"status\":{status}{(end is { } e ? $",\"end\":{Ms(e)}" : "")}}}"));

    public void Poll(DateTimeOffset at, string id, string status) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"{{\"t\":{Ms(at)},\"kind\":\"poll\",\"id\":\"{Escape(id)}\",\"status\":\"{status}\"}}"));

    public void Download(DateTimeOffset at, string id) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"{{\"t\":{Ms(at)},\"kind\":\"download\",\"id\":\"{Escape(id)}\"}}"));

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }

    private static string Ms(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Escape(string id) => id.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private void Write(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }
}
