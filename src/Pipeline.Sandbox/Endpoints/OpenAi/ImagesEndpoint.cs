using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Imaging;
using Pipeline.Sandbox.Protocol;
using Pipeline.Sandbox.Protocol.OpenAi;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox.Endpoints.OpenAi;

/// <summary>
/// <c>POST /v1/images/generations</c>, an OpenAI-compatible FLUX gateway (docs/providers.md#openai-compatible-images), <c>Authorization: Bearer</c>.
/// Synchronous: the answer is held for the task's latency, then carries the image as a URL (valid for
/// <see cref="SandboxOptions.SampleUrlLifetime"/>) or as <c>b64_json</c>, with <c>x-request-id</c>. Errors use OpenAI's
/// <c>{"error": {message, type, param, code}}</c>; a moderated prompt is a 400 <c>content_policy_violation</c>.
/// A gateway's base URL ends in <c>/v1</c>, so this route is what <c>--base-url http://127.0.0.1:PORT/v1</c> (or the
/// bare host, which the client completes with <c>/v1</c>) reaches.
/// </summary>
internal static class ImagesEndpoint
{
    public static async Task HandleAsync(HttpContext context, SandboxState state)
    {
        state.Stats.SubmitReceived();
        var key = Credentials.Presented(context.Request, AuthScheme.Bearer);
        if (!Credentials.IsValid(key, state))
        {
            var message = Credentials.Rejection(key, state, "Incorrect API key provided");
            await Error(context, state, StatusCodes.Status401Unauthorized, message, "invalid_request_error", null, "invalid_api_key");
            return;
        }

        using var document = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (document.Error is not null)
        {
            await Error(context, state, StatusCodes.Status400BadRequest, "We could not parse the JSON body of your request.", "invalid_request_error", null, null);
            return;
        }

        var (request, invalid) = ImagesRequestParser.Parse(document.Root, RequestFingerprint.Compute("images/generations", document.Root));
        if (request is null)
        {
            await Error(context, state, StatusCodes.Status400BadRequest, invalid!.Message, "invalid_request_error", invalid.Param, null);
            return;
        }

        var (result, task) = Intake.Admit(context, state, request.Submission, OverLimit.Refuse);
        switch (result)
        {
            case IntakeResult.Dropped:
                return;
            case IntakeResult.Overloaded:
                await Error(context, state, StatusCodes.Status503ServiceUnavailable, "The engine is currently overloaded, please try again later.", "server_error", null, null);
                return;
            case IntakeResult.NoCredits:
                await Error(context, state, StatusCodes.Status402PaymentRequired, "Insufficient credits.", "billing_error", null, "insufficient_quota");
                return;
            case IntakeResult.Throttled:
                await Error(context, state, StatusCodes.Status429TooManyRequests, "Rate limit reached for concurrent image requests.", "requests", null, "rate_limit_exceeded");
                return;
            default:
                break;
        }

        // Synchronous: answer once the task is terminal (timers may fire a little early, so wait until the clock agrees).
        for (var now = state.Now; task!.IsActiveAt(now); now = state.Now)
        {
            var wait = task.TerminalAt - now;
            await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), state.Options.TimeProvider, context.RequestAborted);
        }

        context.Response.Headers["x-request-id"] = "req_" + task.Id.Replace("-", string.Empty, StringComparison.Ordinal);
        switch (task.Outcome)
        {
            case TaskOutcome.RequestModerated or TaskOutcome.ContentModerated:
                await Error(context, state, StatusCodes.Status400BadRequest, "Your request was rejected as a result of our safety system.", "invalid_request_error", null, "content_policy_violation");
                return;
            case TaskOutcome.Error or TaskOutcome.Failed:
                await Error(context, state, StatusCodes.Status500InternalServerError, "The server had an error while processing your request (injected by prompt marker).", "server_error", null, null);
                return;
            default:
                await Replies.Node(context, state, StatusCodes.Status200OK, Answer(state, task, request));
                return;
        }
    }

    private static JsonObject Answer(SandboxState state, SandboxTask task, ImagesRequest request)
    {
        var inline = request.Inline || state.Options.AlwaysInlineImages;
        var data = new JsonArray();
        for (var i = 0; i < request.Count; i++)
        {
            var spec = i == 0 ? task.Image : task.Image with { Seed = task.Image.Seed + i };
            if (inline)
            {
                data.Add(new JsonObject { ["b64_json"] = Convert.ToBase64String(state.SampleBytes(spec)), ["revised_prompt"] = task.Submission.Prompt });
            }
            else
            {
                var ticket = state.Deliveries.IssueOnce(i == 0 ? task.Id : $"{task.Id}#{i}", spec, task.TerminalAt + state.Options.SampleUrlLifetime);
                data.Add(new JsonObject { ["url"] = new Uri(state.BaseAddress, $"delivery/{ticket.Token}/{ticket.FileName}").AbsoluteUri, ["revised_prompt"] = task.Submission.Prompt });
            }
        }

        return new JsonObject
        {
            ["created"] = task.SubmittedAt.ToUnixTimeSeconds(),
            ["data"] = data,
            ["size"] = string.Create(CultureInfo.InvariantCulture, $"{task.Image.Width}x{task.Image.Height}"),
            ["output_format"] = task.Image.Format == ImageFormat.Png ? "png" : "jpeg",
        };
    }

    private static Task Error(HttpContext context, SandboxState state, int status, string message, string type, string? param, string? code) =>
        Replies.Node(context, state, status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
        });
}
