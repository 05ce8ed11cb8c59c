using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Imaging;
using Pipeline.Sandbox.Protocol;
using Pipeline.Sandbox.Protocol.OpenAi;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox.Endpoints.OpenAi;

/// <summary>
/// CometAPI's OpenAI Responses route for FLUX (docs/providers.md#cometapi-responses-route), <c>Authorization: Bearer</c>:
/// <c>POST /v1/responses</c> holds the answer until the task is terminal (unless <c>background: true</c>) and
/// <c>GET /v1/responses/{id}</c> reads it again. The image travels as base64 in an <c>image_generation_call</c> output
/// item's <c>result</c>. A moderated prompt is a 400 <c>moderation_blocked</c> at create; a moderated output or a failed
/// render is <c>status: failed</c> with <c>error</c>. The shared intake applies the same faults as every protocol.
/// </summary>
internal static class ResponsesEndpoints
{
    private const string IdPrefix = "resp_";

    public static async Task CreateAsync(HttpContext context, SandboxState state)
    {
        state.Stats.SubmitReceived();
        if (!await AuthorizeAsync(context, state))
        {
            return;
        }

        using var document = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (document.Error is not null)
        {
            await Error(context, state, StatusCodes.Status400BadRequest, "We could not parse the JSON body of your request.", "invalid_request_error", null);
            return;
        }

        var (request, invalid) = ResponsesRequestParser.Parse(document.Root);
        if (request is null)
        {
            await Error(context, state, StatusCodes.Status400BadRequest, invalid!.Message, "invalid_request_error", null, invalid.Param);
            return;
        }

        var (result, task) = Intake.Admit(context, state, request.Submission, OverLimit.Refuse);
        switch (result)
        {
            case IntakeResult.Dropped:
                return;
            case IntakeResult.Overloaded:
                await Error(context, state, StatusCodes.Status503ServiceUnavailable, "The engine is currently overloaded, please try again later.", "server_error", null);
                return;
            case IntakeResult.NoCredits:
                await Error(context, state, StatusCodes.Status402PaymentRequired, "Insufficient credits.", "billing_error", "insufficient_quota");
                return;
            case IntakeResult.Throttled:
                await Error(context, state, StatusCodes.Status429TooManyRequests, "Rate limit reached for concurrent image requests.", "requests", "rate_limit_exceeded");
                return;
            default:
                break;
        }

        // Synchronous unless background: answer once the task is terminal (timers may fire a little early).
        for (var now = state.Now; !request.Background && task!.IsActiveAt(now); now = state.Now)
        {
            var wait = task.TerminalAt - now;
            await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), state.Options.TimeProvider, context.RequestAborted);
        }

        context.Response.Headers["x-request-id"] = "req_" + task!.Id.Replace("-", string.Empty, StringComparison.Ordinal);
        if (task.Outcome == TaskOutcome.RequestModerated && !task.IsActiveAt(state.Now))
        {
            await Error(context, state, StatusCodes.Status400BadRequest, "Your request was rejected by the safety system.", "invalid_request_error", "moderation_blocked");
            return;
        }

        await Replies.Node(context, state, StatusCodes.Status200OK, Describe(task, state));
    }

    public static async Task GetAsync(HttpContext context, SandboxState state)
    {
        state.Stats.Polled();
        if (!await AuthorizeAsync(context, state))
        {
            return;
        }

        if (state.Faults.Roll(state.Options.PollFailureRate))
        {
            await Error(context, state, StatusCodes.Status500InternalServerError, "The server had an error while processing your request.", "server_error", null);
            return;
        }

        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        if (!id.StartsWith(IdPrefix, StringComparison.Ordinal) || state.Tasks.Find(id[IdPrefix.Length..]) is not { } task)
        {
            await Error(context, state, StatusCodes.Status404NotFound, $"Response with id '{id}' not found.", "invalid_request_error", null);
            return;
        }

        await Replies.Node(context, state, StatusCodes.Status200OK, Describe(task, state));
    }

    private static async Task<bool> AuthorizeAsync(HttpContext context, SandboxState state)
    {
        var key = Credentials.Presented(context.Request, AuthScheme.Bearer);
        if (Credentials.IsValid(key, state))
        {
            return true;
        }

        await Error(context, state, StatusCodes.Status401Unauthorized, Credentials.Rejection(key, state, "Incorrect API key provided"), "invalid_request_error", "invalid_api_key");
        return false;
    }

    private static JsonObject Describe(SandboxTask task, SandboxState state)
    {
        var (status, error) = StatusOf(task, state.Now);
        var output = new JsonArray();
        if (status == "completed")
        {
            output.Add(new JsonObject
            {
                ["type"] = "image_generation_call",
                ["id"] = "ig_" + task.Id.Replace("-", string.Empty, StringComparison.Ordinal),
                ["status"] = "completed",
                ["result"] = Convert.ToBase64String(state.Images.GetOrCreate(task.Image)),
                ["output_format"] = task.Image.Format == ImageFormat.Png ? "png" : "jpeg",
                ["size"] = string.Create(CultureInfo.InvariantCulture, $"{task.Image.Width}x{task.Image.Height}"),
            });
        }

        return new JsonObject
        {
            ["id"] = IdPrefix + task.Id,
            ["object"] = "response",
            ["created_at"] = task.SubmittedAt.ToUnixTimeSeconds(),
            ["status"] = status,
            ["model"] = ResponsesRequestParser.WireModel(task.Submission.Model.Name),
            ["error"] = error,
            ["incomplete_details"] = null,
            ["output"] = output,
        };
    }

    private static (string Status, JsonObject? Error) StatusOf(SandboxTask task, DateTimeOffset now)
    {
        if (task.IsQueuedAt(now))
        {
            return ("queued", null);
        }

        if (task.IsActiveAt(now))
        {
            return ("in_progress", null);
        }

        return task.Outcome switch
        {
            TaskOutcome.Ready => ("completed", null),
            TaskOutcome.RequestModerated or TaskOutcome.ContentModerated => ("failed", ErrorBody("content_policy_violation", "The generated image was flagged by the safety system.")),
            _ => ("failed", ErrorBody("server_error", "The image could not be generated (injected by prompt marker).")),
        };
    }

    private static JsonObject ErrorBody(string code, string message) => new() { ["code"] = code, ["message"] = message };

    private static Task Error(HttpContext context, SandboxState state, int status, string message, string type, string? code, string? param = null) =>
        Replies.Node(context, state, status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
        });
}
