using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Records;
using Pipeline.Reports;

namespace Pipeline.Review;

/// <summary>
/// <c>pipeline review</c>: serves the review page of one campaign folder on 127.0.0.1 only. Every request must carry
/// the session's token (<see cref="ReviewToken"/>) or gets 403; of the folder only <see cref="ServedFiles"/> are
/// served, anything else is 404. Decisions go to <c>review.csv</c> through one <see cref="ReviewDesk"/>.
/// While it serves, it holds <c>.reviewing</c> in the folder, so a second server cannot append to the same log.
/// </summary>
public sealed class ReviewServer : IAsyncDisposable
{
    private const long MaxRequestBodyBytes = 64 * 1024;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly ReviewDesk _desk;
    private readonly FileStream _lock;
    private int _disposed;

    private ReviewServer(WebApplication app, ReviewDesk desk, FileStream held, Uri url)
    {
        _app = app;
        _desk = desk;
        _lock = held;
        Url = url;
    }

    /// <summary>The page's address with the token: <c>http://127.0.0.1:&lt;port&gt;/?token=&lt;token&gt;</c>.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving <paramref name="folder"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="ReviewBusyException">Another review server holds this campaign.</exception>
    /// <exception cref="IOException">The port is in use, or <c>review.csv</c> cannot be opened.</exception>
    public static async Task<ReviewServer> StartAsync(CampaignFolder folder, ReviewOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var held = Hold(folder);
        ReviewDesk? desk = null;
        WebApplication? app = null;
        try
        {
            desk = new ReviewDesk(folder, options.Time);
            // Made before the URL is printed, so the first page load does not wait for a sweep's worth of resizing.
            Thumbnails.Ensure(folder, CampaignAudit.Read(folder).Latest, cancellationToken);
            var token = ReviewToken.Create();
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
                kestrel.Listen(IPAddress.Loopback, options.Port);
            });
            builder.Services.AddRoutingCore();
            app = builder.Build();
            var session = new ReviewSession(folder, desk, token, options.Reviewer, new ServedFiles(folder.Root));
            session.Map(app);
            await app.StartAsync(cancellationToken);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
            return new ReviewServer(app, desk, held, new Uri($"http://127.0.0.1:{address.Port}/?token={token.Value}"));
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            desk?.Dispose();
            await held.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops serving (waiting up to 5 s for requests in flight) and releases the port and the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Kestrel's requests in flight run on the real clock, so the grace period does too (a test's manual clock
        // stamps decisions, it must not hold a shutdown open).
        using (var timeout = new CancellationTokenSource(ShutdownTimeout, TimeProvider.System))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        _desk.Dispose();
        await _lock.DisposeAsync();
    }

    private static FileStream Hold(CampaignFolder folder)
    {
        try
        {
            return new FileStream(Path.Combine(folder.Root, ".reviewing"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new ReviewBusyException($"another 'pipeline review' is serving {folder.Root}; open its URL instead (two browsers may share one server).", ex);
        }
    }
}
