using Microsoft.AspNetCore.Http;

namespace Pipeline.Sandbox.Endpoints;

/// <summary>
/// <c>GET /delivery/{token}/{file}</c>: the sample bytes, like BFL's blob-storage delivery host. No key needed;
/// an expired URL gets 403 with a storage-style <c>AuthenticationFailed</c> body (docs/providers.md#bfl-result-urls).
/// </summary>
internal static class DeliveryEndpoint
{
    private const string ExpiredBody =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>"
        + "<Message>Server failed to authenticate the request. Signed expiry time has passed.</Message></Error>";

    private const string MissingBody =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobNotFound</Code>"
        + "<Message>The specified blob does not exist.</Message></Error>";

    public static async Task HandleAsync(HttpContext context, SandboxState state)
    {
        var arrived = state.Now;
        var token = context.Request.RouteValues["token"] as string ?? string.Empty;
        var file = context.Request.RouteValues["file"] as string;
        var ticket = state.Deliveries.Find(token);
        if (ticket is null || ticket.FileName != file)
        {
            state.Stats.Answered(StatusCodes.Status404NotFound);
            await WriteXmlAsync(context, StatusCodes.Status404NotFound, MissingBody);
            return;
        }

        if (state.Now >= ticket.ExpiresAt)
        {
            state.Stats.DownloadExpired();
            await WriteXmlAsync(context, StatusCodes.Status403Forbidden, ExpiredBody);
            return;
        }

        // A download fault keeps status 200 and the image's content type, even for the HTML page: that is the lie to catch.
        var bytes = state.SampleBytes(ticket.Image);
        var truncate = state.Options.TruncateFirstDownload && state.Deliveries.IsFirstDownload(ticket.TaskId);
        state.Stats.Downloaded(truncate);
        state.Log?.Download(arrived, ticket.TaskId);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ticket.ContentType;
        context.Response.ContentLength = bytes.Length;
        if (!truncate)
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }

        // Half the promised bytes, then end the response. Kestrel sends what was written and closes the connection
        // because the body is shorter than Content-Length; the client sees a premature end of body. (Calling
        // HttpContext.Abort instead would discard bytes still in the output pipe, and the headers with them.)
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static Task WriteXmlAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
