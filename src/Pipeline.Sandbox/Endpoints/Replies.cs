using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Protocol;

namespace Pipeline.Sandbox.Endpoints;

/// <summary>Writes BFL-shaped answers and counts every non-200 one in <see cref="SandboxStats"/>.</summary>
internal static class Replies
{
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

    /// <summary>401 unless <c>x-key</c> is present, non-empty and (when configured) the required key. Returns false after answering.</summary>
    public static async Task<bool> AuthorizeAsync(HttpContext context, SandboxState state)
    {
        var key = context.Request.Headers["x-key"].ToString();
        var valid = !string.IsNullOrWhiteSpace(key) && (state.Options.RequiredKey is null || key == state.Options.RequiredKey);
        if (!valid)
        {
            await Detail(context, state, StatusCodes.Status401Unauthorized, "Invalid or missing API key");
        }

        return valid;
    }
}
