using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Sandbox.Endpoints;
using Pipeline.Sandbox.Endpoints.Fal;
using Pipeline.Sandbox.Endpoints.OpenAi;
using Pipeline.Sandbox.Endpoints.Replicate;

namespace Pipeline.Sandbox;

/// <summary>
/// An offline HTTP server on 127.0.0.1 that speaks every provider protocol the pipeline supports, with the same image
/// synthesis, fault injection and <see cref="SandboxStats"/> behind each:
/// <list type="bullet">
/// <item>BFL (docs/providers.md#bfl, <c>x-key</c>): <c>POST /v1/{model}</c>, <c>GET /v1/get_result?id=</c>.</item>
/// <item>CometAPI (docs/providers.md#cometapi-bfl-pass-through, Bearer): <c>POST /flux/v1/{model}</c>, <c>GET /flux/v1/get_result?id=</c>.</item>
/// <item>fal queue (docs/providers.md#fal, <c>Authorization: Key</c>): <c>POST /fal-ai/flux-pro/{v1.1-ultra-finetuned|v1.1-ultra|v1/fill-finetuned}</c>,
/// <c>GET /fal-ai/flux-pro/requests/{id}/status</c>, <c>GET /fal-ai/flux-pro/requests/{id}</c>, <c>PUT …/cancel</c>.</item>
/// <item>Replicate (docs/providers.md#replicate, Bearer, <c>Prefer: wait</c>): <c>POST /v1/models/black-forest-labs/{name}/predictions</c>,
/// <c>GET /v1/predictions/{id}</c>, <c>POST /v1/predictions/{id}/cancel</c>.</item>
/// <item>OpenAI-compatible (docs/providers.md#openai-compatible-images, Bearer): <c>POST /v1/images/generations</c> (a gateway base URL ends in <c>/v1</c>).</item>
/// <item>CometAPI Responses (docs/providers.md#cometapi-responses-route, Bearer): <c>POST /v1/responses</c>, <c>GET /v1/responses/{id}</c>.</item>
/// <item>Downloads for all: <c>GET /delivery/{token}/sample.jpg|png</c>.</item>
/// </list>
/// Everything else answers 404 <c>{"detail":"Not Found"}</c>.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private const long MaxRequestBodyBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly SandboxState _state;
    private int _disposed;

    private SandboxServer(WebApplication app, SandboxState state)
    {
        _app = app;
        _state = state;
    }

    /// <summary>Root of every URL the sandbox hands out, e.g. <c>http://127.0.0.1:41234/</c> (ends with a slash).</summary>
    public Uri BaseAddress => _state.BaseAddress;

    /// <summary>Live counters of what the sandbox received and answered.</summary>
    public SandboxStats Stats => _state.Stats;

    /// <summary>Tasks submitted and not yet terminal, by the configured clock.</summary>
    public int ActiveTasks => _state.Tasks.ActiveCount(_state.Now);

    /// <summary>
    /// Binds Kestrel to 127.0.0.1 on <see cref="SandboxOptions.Port"/> and starts serving. The options are copied;
    /// later changes to them have no effect.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="IOException">The port is already in use.</exception>
    public static async Task<SandboxServer> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid sandbox options: {string.Join(" ", errors)}", nameof(options));
        }

        var state = new SandboxState(options.Clone());

        // The empty builder reads no configuration, environment or appsettings and registers no logging, so an
        // in-process sandbox is quiet and cannot be redirected by the host application's Kestrel settings.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Listen(IPAddress.Loopback, state.Options.Port);
        });
        builder.Services.AddRoutingCore();

        var app = builder.Build();
        MapRoutes(app, state);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        state.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return new SandboxServer(app, state);
    }

    /// <summary>Forgets a task as if BFL had expired it; later polls answer <c>Task not found</c>. False if unknown.</summary>
    public bool ForgetTask(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _state.Tasks.Forget(id);
    }

    /// <summary>Stops Kestrel (waiting up to 5 s for in-flight requests) and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var timeout = new CancellationTokenSource(ShutdownTimeout))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        _state.Log?.Dispose();
    }

    private static void MapRoutes(WebApplication app, SandboxState state)
    {
        app.MapPost("/v1/{model}", (HttpContext context) => SubmitEndpoint.HandleAsync(context, state, BflRoute.Bfl));
        app.MapGet("/v1/get_result", (HttpContext context) => ResultEndpoint.HandleAsync(context, state, BflRoute.Bfl));
        app.MapPost("/flux/v1/{model}", (HttpContext context) => SubmitEndpoint.HandleAsync(context, state, BflRoute.CometApi));
        app.MapGet("/flux/v1/get_result", (HttpContext context) => ResultEndpoint.HandleAsync(context, state, BflRoute.CometApi));
        app.MapGet("/fal-ai/flux-pro/requests/{id}/status", (HttpContext context) => FalQueueEndpoints.StatusAsync(context, state));
        app.MapGet("/fal-ai/flux-pro/requests/{id}", (HttpContext context) => FalQueueEndpoints.ResultAsync(context, state));
        app.MapPut("/fal-ai/flux-pro/requests/{id}/cancel", (HttpContext context) => FalQueueEndpoints.CancelAsync(context, state));
        app.MapPost("/fal-ai/flux-pro/{**endpoint}", (HttpContext context) => FalQueueEndpoints.SubmitAsync(context, state));
        app.MapPost("/v1/models/{owner}/{name}/predictions", (HttpContext context) => PredictionEndpoints.CreateAsync(context, state));
        app.MapGet("/v1/predictions/{id}", (HttpContext context) => PredictionEndpoints.GetAsync(context, state));
        app.MapPost("/v1/predictions/{id}/cancel", (HttpContext context) => PredictionEndpoints.CancelAsync(context, state));
        app.MapPost("/v1/images/generations", (HttpContext context) => ImagesEndpoint.HandleAsync(context, state));
        app.MapPost("/v1/responses", (HttpContext context) => ResponsesEndpoints.CreateAsync(context, state));
        app.MapGet("/v1/responses/{id}", (HttpContext context) => ResponsesEndpoints.GetAsync(context, state));
        app.MapGet("/delivery/{token}/{file}", (HttpContext context) => DeliveryEndpoint.HandleAsync(context, state));
        app.MapFallback((HttpContext context) => Replies.Detail(context, state, StatusCodes.Status404NotFound, "Not Found"));
    }
}
