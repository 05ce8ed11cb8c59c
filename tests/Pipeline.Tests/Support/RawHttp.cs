using System.Net.Sockets;
using System.Text;

namespace Pipeline.Tests.Support;

/// <summary>
/// One HTTP/1.1 request with the request target sent exactly as given: HttpClient normalizes <c>..</c> and
/// escapes, which would hide the very paths a traversal test must send.
/// </summary>
public static class RawHttp
{
    /// <summary>The status code of <c>GET {target}</c> on <paramref name="server"/>, with extra header lines.</summary>
    public static async Task<int> StatusAsync(Uri server, string target, params string[] headers)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var request = new StringBuilder($"GET {target} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            request.Append(header).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync() ?? throw new IOException("no answer");
        return int.Parse(status.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
