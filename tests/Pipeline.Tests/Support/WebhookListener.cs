using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Pipeline.Tests.Support;

/// <summary>A local webhook on 127.0.0.1: records every POST body, answering with the scripted statuses first, then 200.</summary>
public sealed class WebhookListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _statuses;
    private readonly Task _loop;

    public WebhookListener(params int[] statuses)
    {
        _statuses = new ConcurrentQueue<int>(statuses);
        for (var attempt = 0; ; attempt++)
        {
            Url = new Uri($"http://127.0.0.1:{Random.Shared.Next(20000, 60000)}/hooks/T000/B000/secret-path/");
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url.AbsoluteUri);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>Every request body received, in order (refused ones included).</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>Bodies answered with 2xx.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Bodies.Enqueue(body);
            var status = _statuses.TryDequeue(out var s) ? s : 200;
            if (status < 300)
            {
                Accepted.Enqueue(body);
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
