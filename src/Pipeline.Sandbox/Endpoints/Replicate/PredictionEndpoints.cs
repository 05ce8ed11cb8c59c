using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Protocol;
using Pipeline.Sandbox.Protocol.Replicate;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox.Endpoints.Replicate;

/// <summary>
/// Replicate's predictions API (docs/providers.md#replicate-predictions-flow), <c>Authorization: Bearer</c>:
/// <c>POST /v1/models/black-forest-labs/{name}/predictions</c> (201, a prediction object; with <c>Prefer: wait[=n]</c>
/// the answer is held until the prediction is terminal or n seconds, default 60, have passed),
/// <c>GET /v1/predictions/{id}</c>, <c>POST /v1/predictions/{id}/cancel</c>. Statuses follow the clock:
/// <c>starting</c> while queued, <c>processing</c>, then <c>succeeded</c> (output: one URI string) or <c>failed</c>.
/// Output files are removed one hour after completion (<c>data_removed</c>).
/// </summary>
internal static class PredictionEndpoints
{
    /// <summary>How long Replicate keeps API outputs (docs/providers.md#replicate-limits-and-retention).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private const string SensitiveError = "The input or output was flagged as sensitive. Please try again with different inputs. (E005)";

    public static async Task CreateAsync(HttpContext context, SandboxState state)
    {
        state.Stats.SubmitReceived();
        var model = ReplicateModel.Find(context.Request.RouteValues["owner"] as string, context.Request.RouteValues["name"] as string);
        if (model is null)
        {
            await Problem(context, state, StatusCodes.Status404NotFound, "Not found", "The requested resource could not be found.");
            return;
        }

        if (!await AuthorizeAsync(context, state))
        {
            return;
        }

        using var document = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (document.Error is not null)
        {
            await Problem(context, state, StatusCodes.Status400BadRequest, "Invalid JSON", "The request body is not a JSON object.");
            return;
        }

        var (submission, errors) = ReplicateInputParser.Parse(model, document.Root, RequestFingerprint.Compute(model.Id, document.Root));
        if (submission is null)
        {
            var problem = ProblemBody(StatusCodes.Status422UnprocessableEntity, "Input validation failed", string.Concat(errors.Select(e => $"- {e.Field}: {e.Description}\n")));
            problem["invalid_fields"] = new JsonArray([.. errors.Select(e => e.ToJson())]);
            await Replies.Node(context, state, StatusCodes.Status422UnprocessableEntity, problem);
            return;
        }

        if (state.Creates.TryTake(state.Now) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            await Replies.Detail(context, state, StatusCodes.Status429TooManyRequests, $"Request was throttled. Your rate limit resets in ~{seconds.ToString(CultureInfo.InvariantCulture)}s.");
            return;
        }

        var (result, task) = Intake.Admit(context, state, submission, OverLimit.Queue);
        switch (result)
        {
            case IntakeResult.Dropped:
                return;
            case IntakeResult.Overloaded:
                await Problem(context, state, StatusCodes.Status503ServiceUnavailable, "Service unavailable", "Service overloaded");
                return;
            case IntakeResult.NoCredits:
                await Problem(context, state, StatusCodes.Status402PaymentRequired, "Insufficient credit", "You have insufficient credit to run this model. Go to https://replicate.com/account/billing to purchase credit.");
                return;
            default:
                break;
        }

        state.Predictions[task!.Id] = new Prediction(model, JsonNode.Parse(document.Root.GetProperty("input").GetRawText())!);
        if (PreferredWait(context.Request) is { } hold)
        {
            // Timers may fire a little before the clock reaches the terminal time: wait again until it has, or the hold is over.
            var until = state.Now + hold;
            for (var now = state.Now; task.IsActiveAt(now) && now < until; now = state.Now)
            {
                var left = (task.TerminalAt < until ? task.TerminalAt : until) - now;
                await Task.Delay(left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1), state.Options.TimeProvider, context.RequestAborted);
            }
        }

        var answer = Describe(state, task);
        context.Response.Headers.Location = answer["urls"]!["get"]!.GetValue<string>();
        await Replies.Node(context, state, StatusCodes.Status201Created, answer);
    }

    public static async Task GetAsync(HttpContext context, SandboxState state)
    {
        if (await Replies.PolledTaskAsync(context, state, AuthorizeAsync, Find, "Not found.") is not { } task)
        {
            return;
        }

        await Replies.Node(context, state, StatusCodes.Status200OK, Describe(state, task));
    }

    public static async Task CancelAsync(HttpContext context, SandboxState state)
    {
        if (!await AuthorizeAsync(context, state))
        {
            return;
        }

        if (Find(context, state) is not { } task || !state.Predictions.TryGetValue(task.Id, out var prediction))
        {
            await Replies.Detail(context, state, StatusCodes.Status404NotFound, "Not found.");
            return;
        }

        if (task.IsActiveAt(state.Now) && prediction.CanceledAt is null)
        {
            state.Predictions[task.Id] = prediction with { CanceledAt = state.Now };
        }

        await Replies.Node(context, state, StatusCodes.Status200OK, Describe(state, task));
    }

    /// <summary>The prediction object (docs/providers.md#replicate-predictions-flow) as it stands now.</summary>
    private static JsonObject Describe(SandboxState state, SandboxTask task)
    {
        var now = state.Now;
        var prediction = state.Predictions[task.Id];
        var get = new Uri(state.BaseAddress, $"v1/predictions/{Uri.EscapeDataString(task.Id)}").AbsoluteUri;
        string status;
        JsonNode? output = null;
        string? error = null;
        DateTimeOffset? completedAt = null;
        var removed = false;
        if (prediction.CanceledAt is { } canceledAt)
        {
            (status, completedAt) = ("canceled", canceledAt);
        }
        else if (task.IsQueuedAt(now))
        {
            status = "starting";
        }
        else if (task.IsActiveAt(now))
        {
            status = "processing";
        }
        else
        {
            completedAt = task.TerminalAt;
            (status, error) = task.Outcome switch
            {
                TaskOutcome.Ready => ("succeeded", null),
                TaskOutcome.RequestModerated or TaskOutcome.ContentModerated => ("failed", SensitiveError),
                TaskOutcome.Error => ("failed", "Prediction failed: sandbox generation error (injected by prompt marker)."),
                _ => ("failed", "Prediction failed: sandbox worker lost (injected by prompt marker)."),
            };
            removed = now >= task.TerminalAt + Retention;
            if (task.Outcome == TaskOutcome.Ready && !removed)
            {
                var ticket = state.Deliveries.IssueOnce(task.Id, task.Image, task.TerminalAt + state.Options.SampleUrlLifetime);
                output = new Uri(state.BaseAddress, $"delivery/{ticket.Token}/{(ticket.Image.Format == Imaging.ImageFormat.Png ? "sample.png" : "sample.jpg")}").AbsoluteUri;
            }
        }

        return new JsonObject
        {
            ["id"] = task.Id,
            ["model"] = prediction.Model.Id,
            ["version"] = "hidden",
            ["input"] = prediction.Input.DeepClone(),
            ["logs"] = string.Empty,
            ["output"] = output,
            ["data_removed"] = removed,
            ["error"] = error,
            ["status"] = status,
            ["created_at"] = Time(task.SubmittedAt),
            ["started_at"] = task.IsQueuedAt(now) ? null : Time(task.StartedAt),
            ["completed_at"] = completedAt is { } c ? Time(c) : null,
            ["urls"] = new JsonObject
            {
                ["get"] = get,
                ["cancel"] = get + "/cancel",
                ["web"] = $"https://replicate.com/p/{task.Id}",
            },
            ["metrics"] = completedAt is null ? new JsonObject() : new JsonObject { ["predict_time"] = (task.TerminalAt - task.StartedAt).TotalSeconds },
        };
    }

    /// <summary><c>Prefer: wait</c> (60 s) or <c>Prefer: wait=n</c> (1–60 s); null without the header.</summary>
    private static TimeSpan? PreferredWait(HttpRequest request)
    {
        foreach (var value in request.Headers["Prefer"])
        {
            var text = value?.Trim() ?? string.Empty;
            if (text.Equals("wait", StringComparison.OrdinalIgnoreCase))
            {
                return MaxWait;
            }

            if (text.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 60)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static SandboxTask? Find(HttpContext context, SandboxState state) =>
        context.Request.RouteValues["id"] is string id && state.Predictions.ContainsKey(id) ? state.Tasks.Find(id) : null;

    private static JsonObject ProblemBody(int status, string title, string detail) =>
        new() { ["title"] = title, ["detail"] = detail, ["status"] = status };

    private static Task Problem(HttpContext context, SandboxState state, int status, string title, string detail) =>
        Replies.Node(context, state, status, ProblemBody(status, title, detail));

    private static async Task<bool> AuthorizeAsync(HttpContext context, SandboxState state)
    {
        var key = Credentials.Presented(context.Request, AuthScheme.Bearer);
        if (Credentials.IsValid(key, state))
        {
            return true;
        }

        await Problem(context, state, StatusCodes.Status401Unauthorized, "Unauthenticated", Credentials.Rejection(key, state, "You did not pass a valid authentication token"));
        return false;
    }
}
