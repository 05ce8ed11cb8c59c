using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Protocol;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox.Endpoints;

/// <summary>Writes answers (BFL-shaped, or any JSON for the other protocols) and counts every non-2xx one in <see cref="SandboxStats"/>.</summary>
internal static class Replies
{
    private static readonly JsonSerializerOptions NodeOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task Json<T>(HttpContext context, SandboxState state, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        state.Stats.Answered(status);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, typeInfo, contentType: null, context.RequestAborted);
    }

    public static Task Detail(HttpContext context, SandboxState state, int status, string detail) =>
        Json(context, state, status, new DetailResponse(detail), SandboxJsonContext.Wire.DetailResponse);

    public static Task Invalid(HttpContext context, SandboxState state, IReadOnlyList<ValidationError> errors) =>
        Json(context, state, StatusCodes.Status422UnprocessableEntity, new ValidationResponse(errors), SandboxJsonContext.Wire.ValidationResponse);

    /// <summary>Writes a JSON document built by hand (fal, Replicate, OpenAI shapes).</summary>
    public static Task Node(HttpContext context, SandboxState state, int status, JsonNode value)
    {
        state.Stats.Answered(status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(value.ToJsonString(NodeOptions), context.RequestAborted);
    }

    /// <summary>
    /// The common start of a status poll (fal, Replicate): counted, authorised, failed at the configured poll-failure
    /// rate, and the task found. Returns null after answering.
    /// </summary>
    public static async Task<SandboxTask?> PolledTaskAsync(
        HttpContext context,
        SandboxState state,
        Func<HttpContext, SandboxState, Task<bool>> authorize,
        Func<HttpContext, SandboxState, SandboxTask?> find,
        string notFound)
    {
        state.Stats.Polled();
        if (!await authorize(context, state))
        {
            return null;
        }

        if (state.Faults.Roll(state.Options.PollFailureRate))
        {
            await Detail(context, state, StatusCodes.Status500InternalServerError, "Internal Server Error");
            return null;
        }

        var task = find(context, state);
        if (task is null)
        {
            await Detail(context, state, StatusCodes.Status404NotFound, notFound);
        }

        return task;
    }

    /// <summary>
    /// 401 unless the key is present in <paramref name="scheme"/>'s header, non-empty and (when configured) the required key.
    /// Returns false after answering.
    /// </summary>
    public static async Task<bool> AuthorizeAsync(HttpContext context, SandboxState state, AuthScheme scheme = AuthScheme.XKey)
    {
        var key = Credentials.Presented(context.Request, scheme);
        var valid = Credentials.IsValid(key, state);
        if (!valid)
        {
            await Detail(context, state, StatusCodes.Status401Unauthorized, Credentials.Rejection(key, state, "Invalid or missing API key"));
        }

        return valid;
    }
}
