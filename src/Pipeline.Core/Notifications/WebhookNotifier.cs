using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Pipeline.Notifications;

/// <summary>
/// Posts run notices to webhooks from a background queue (docs/architecture.md#42-notifications): <see cref="Notify"/>
/// only enqueues, so a slow or dead webhook never delays rendering; delivery is retried with exponential backoff
/// (Polly, on <see cref="TimeProvider"/>) on network errors, 408, 429 and 5xx. A failed delivery is logged, never
/// thrown. Logs name the webhook's host only: a webhook URL is itself a credential.
/// </summary>
public sealed class WebhookNotifier : IAsyncDisposable
{
    private readonly Channel<(Uri Webhook, string Json)> _queue = Channel.CreateUnbounded<(Uri, string)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly ILogger _logger;
    private readonly Func<string, string> _redact;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private int _delivered;
    private int _failed;

    /// <param name="redact">Applied to every payload before it leaves (the CLI masks keys found in the environment).</param>
    /// <param name="firstRetryDelay">The first backoff. Default 1 s; five retries.</param>
    public WebhookNotifier(HttpClient http, TimeProvider time, ILogger? logger = null, Func<string, string>? redact = null, TimeSpan? firstRetryDelay = null)
    {
        _http = http;
        _logger = logger ?? NullLogger.Instance;
        _redact = redact ?? (s => s);
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(_ => !_stop.IsCancellationRequested)
                    .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                MaxRetryAttempts = 5,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstRetryDelay ?? TimeSpan.FromSeconds(1),
            })
            .Build();
        _sender = Task.Run(SendAllAsync);
    }

    /// <summary>Notices delivered (2xx) so far.</summary>
    public int Delivered => Volatile.Read(ref _delivered);

    /// <summary>Notices given up on so far.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Queues <paramref name="notice"/> for <paramref name="settings"/>' webhook when its ending is wanted; returns at once.</summary>
    public void Notify(NotifySettings? settings, RunNotice notice)
    {
        if (settings is not null && settings.Wants(notice.Ending))
        {
            _queue.Writer.TryWrite((settings.Webhook, _redact(NoticePayload.Build(notice))));
        }
    }

    /// <summary>Sends what is queued, for at most <paramref name="timeout"/>, then stops (what is left is logged as lost).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        if (!_queue.Writer.TryComplete())
        {
            await _sender;
            return;
        }

        _stop.CancelAfter(timeout);
        try
        {
            await _sender;
        }
        catch (OperationCanceledException)
        {
            // The grace period ended mid-delivery.
        }
    }

    private async Task SendAllAsync()
    {
        try
        {
            await foreach (var (webhook, json) in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                await SendAsync(webhook, json, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            while (_queue.Reader.TryRead(out var left))
            {
                Interlocked.Increment(ref _failed);
                _logger.NotSent(left.Webhook.Host);
            }
        }
    }

    private async Task SendAsync(Uri webhook, string json, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _retry.ExecuteAsync(
                async token =>
                {
                    using var content = new StringContent(json, Encoding.UTF8, "application/json");
                    return await _http.PostAsync(webhook, content, token);
                },
                cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _delivered);
                return;
            }

            Interlocked.Increment(ref _failed);
            _logger.Refused(webhook.Host, (int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            Interlocked.Increment(ref _failed);
            _logger.GaveUp(webhook.Host, ex.Message);
        }
    }

    /// <summary>Stops at once (after <see cref="DrainAsync"/>, nothing is left to send).</summary>
    public async ValueTask DisposeAsync()
    {
        await DrainAsync(TimeSpan.Zero);
        _stop.Dispose();
    }
}
