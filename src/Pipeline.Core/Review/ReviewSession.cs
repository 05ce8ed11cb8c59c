using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;
using Pipeline.Reports;

namespace Pipeline.Review;

/// <summary>
/// The routes of a review server: the token gate in front of everything, the page (<c>GET /</c>), the decisions API
/// (<c>GET</c> and <c>POST /api/decisions</c>), and the campaign's image files; everything else is 404.
/// </summary>
internal sealed class ReviewSession(CampaignFolder folder, ReviewDesk desk, ReviewToken token, string reviewer, ServedFiles files)
{
    private const string Security = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Job id → the SHA-256 of its latest image, from the audit as the page last read it.</summary>
    private volatile Dictionary<string, string?> _jobs = Jobs(CampaignAudit.Read(folder));

    public void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var port = context.Connection.LocalPort;
            if (!IsLoopbackHost(context.Request, port) || !token.Accepts(context.Request, port, out var fromQuery))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            if (fromQuery)
            {
                context.Response.Cookies.Append(ReviewToken.CookieName(port), token.Value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            }

            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            context.Response.Headers.ContentSecurityPolicy = Security;
            await next(context);
        });
        app.MapGet("/", PageAsync);
        app.MapGet("/api/decisions", DecisionsAsync);
        app.MapPost("/api/decisions", DecideAsync);
        // A catch-all route, not MapFallback: the fallback skips paths that look like files.
        app.Map("/{**path}", FileAsync);
    }

    /// <summary>A page served under another host name (DNS rebinding) gets nothing, token or not.</summary>
    private static bool IsLoopbackHost(HttpRequest request, int port) =>
        request.Host.Port == port && request.Host.Host is "127.0.0.1" or "localhost";

    private async Task PageAsync(HttpContext context)
    {
        var audit = CampaignAudit.Read(folder);
        _jobs = Jobs(audit);
        var review = desk.Current;
        var view = new ReportView(ReportLinks.Served, review, ReviewSummary.Of(audit, review), ReviewAssets.Markup(reviewer), ReviewAssets.Script);
        var html = ContactSheet.Render(folder, audit, view, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    private Task DecisionsAsync(HttpContext context)
    {
        var review = desk.Current;
        var jobs = new JsonObject();
        foreach (var (job, state) in review.ByJob)
        {
            jobs[job] = State(state);
        }

        return JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["rows"] = review.Entries.Count, ["jobs"] = jobs });
    }

    /// <summary>
    /// <c>{"job_id": "…", "decision": "approved|rejected|starred|unstarred|cleared", "note": "…"}</c>. JSON only, so a
    /// form on another site cannot post here (and the SameSite cookie would not go with it anyway).
    /// </summary>
    private async Task DecideAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            await JsonAsync(context, StatusCodes.Status415UnsupportedMediaType, Error("send application/json"));
            return;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        var job = Text(body, "job_id");
        var note = Text(body, "note") ?? string.Empty;
        if (job is null || !_jobs.TryGetValue(job, out var sha256))
        {
            await JsonAsync(context, StatusCodes.Status400BadRequest, Error("job_id must name a job of this campaign"));
            return;
        }

        if (!ReviewDecisionNames.TryParse(Text(body, "decision"), out var decision))
        {
            await JsonAsync(context, StatusCodes.Status400BadRequest, Error("decision must be approved, rejected, starred, unstarred or cleared"));
            return;
        }

        if (note.Length > ReviewDesk.MaxNote)
        {
            await JsonAsync(context, StatusCodes.Status400BadRequest, Error($"a note holds at most {ReviewDesk.MaxNote} characters"));
            return;
        }

        var state = desk.Decide(reviewer, job, decision, note, sha256);
        await JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["job_id"] = job, ["review"] = State(state) });
    }

    private async Task FileAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) || files.Resolve(context.Request.Path.Value) is not { } file)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = new FileInfo(file.Path).Length;
        context.Response.Headers.CacheControl = "private, max-age=300";
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.SendFileAsync(file.Path, context.RequestAborted);
        }
    }

    private static Dictionary<string, string?> Jobs(CampaignAudit audit) =>
        audit.Latest.Where(r => r.Status == JobStatus.Succeeded && r.File is not null).ToDictionary(r => r.JobId, r => r.Sha256, StringComparer.Ordinal);

    private static JsonObject State(JobReview state) => new()
    {
        ["verdict"] = state.Verdict?.ToWire(),
        ["starred"] = state.Starred,
        ["note"] = state.Note,
        ["reviewer"] = state.Reviewer,
        ["time"] = state.Time.UtcDateTime.ToString(AuditColumns.TimeFormat, CultureInfo.InvariantCulture),
    };

    private static string? Text(JsonNode? body, string name) =>
        body is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject Error(string message) => new() { ["error"] = message };

    private static async Task JsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8, context.RequestAborted);
    }
}
