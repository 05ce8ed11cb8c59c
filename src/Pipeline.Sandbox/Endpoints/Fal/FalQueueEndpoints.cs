using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Imaging;
using Pipeline.Sandbox.Protocol;
using Pipeline.Sandbox.Protocol.Fal;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox.Endpoints.Fal;

/// <summary>
/// fal's queue API (docs/providers.md#fal-queue-flow) under <c>/fal-ai/flux-pro/</c>, <c>Authorization: Key</c>:
/// <c>POST {endpoint}</c> answers <c>{request_id, response_url, status_url, cancel_url}</c> whose URLs drop the
/// endpoint subpath (<c>/fal-ai/flux-pro/requests/{id}</c>); <c>GET …/status</c> says <c>IN_QUEUE</c> (with
/// <c>queue_position</c>), <c>IN_PROGRESS</c> or <c>COMPLETED</c> (with <c>error</c>/<c>error_type</c> when the model
/// failed); <c>GET …/requests/{id}</c> returns the output or the error; <c>PUT …/cancel</c> cancels a queued request.
/// Over the active-task cap requests queue; they are never refused (docs/providers.md#fal-errors-and-limits).
/// </summary>
internal static class FalQueueEndpoints
{
    private const string ModerationMessage = "The content could not be processed because it was flagged by a content checker.";

    public static async Task SubmitAsync(HttpContext context, SandboxState state)
    {
        state.Stats.SubmitReceived();
        var endpoint = FalEndpoint.Find(context.Request.RouteValues["endpoint"] as string);
        if (endpoint is null)
        {
            await Replies.Detail(context, state, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        if (!await AuthorizeAsync(context, state))
        {
            return;
        }

        using var document = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (document.Error is { } bodyError)
        {
            await Replies.Invalid(context, state, [bodyError]);
            return;
        }

        var (request, errors) = FalSubmissionParser.Parse(endpoint, document.Root, RequestFingerprint.Compute(endpoint.Id, document.Root));
        if (request is null)
        {
            await Replies.Invalid(context, state, errors);
            return;
        }

        var (result, task) = Intake.Admit(context, state, request.Submission, OverLimit.Queue);
        switch (result)
        {
            case IntakeResult.Dropped:
                return;
            case IntakeResult.Overloaded:
                await Replies.Node(context, state, StatusCodes.Status503ServiceUnavailable, new JsonObject { ["detail"] = "Service Unavailable", ["error_type"] = "runner_scheduling_failure" });
                return;
            case IntakeResult.NoCredits:
                await Replies.Detail(context, state, StatusCodes.Status403Forbidden, "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.");
                return;
            default:
                state.FalRequests[task!.Id] = request;
                var answer = Urls(state, task.Id);
                answer["status"] = "IN_QUEUE";
                answer["queue_position"] = state.Tasks.QueuePosition(task, state.Now);
                await Replies.Node(context, state, StatusCodes.Status200OK, answer);
                return;
        }
    }

    public static async Task StatusAsync(HttpContext context, SandboxState state)
    {
        if (await Replies.PolledTaskAsync(context, state, AuthorizeAsync, Find, "Request not found") is not { } task)
        {
            return;
        }

        var now = state.Now;
        var answer = Urls(state, task.Id);
        var logs = context.Request.Query["logs"] == "1" ? new JsonArray() : null;
        if (task.IsQueuedAt(now))
        {
            answer["status"] = "IN_QUEUE";
            answer["queue_position"] = state.Tasks.QueuePosition(task, now);
        }
        else if (task.IsActiveAt(now))
        {
            answer["status"] = "IN_PROGRESS";
            answer["logs"] = logs;
        }
        else
        {
            answer["status"] = "COMPLETED";
            answer["logs"] = logs;
            answer["metrics"] = new JsonObject { ["inference_time"] = (task.TerminalAt - task.StartedAt).TotalSeconds };
            if (Error(task.Outcome) is { } error)
            {
                answer["error"] = error.Message;
                answer["error_type"] = error.Type;
            }
        }

        await Replies.Node(context, state, StatusCodes.Status200OK, answer);
    }

    public static async Task ResultAsync(HttpContext context, SandboxState state)
    {
        state.Stats.Polled();
        if (!await AuthorizeAsync(context, state))
        {
            return;
        }

        if (Find(context, state) is not { } task || !state.FalRequests.TryGetValue(task.Id, out var request))
        {
            await Replies.Detail(context, state, StatusCodes.Status404NotFound, "Request not found");
            return;
        }

        var now = state.Now;
        if (task.IsActiveAt(now))
        {
            await Replies.Detail(context, state, StatusCodes.Status400BadRequest, "Request is still in progress");
            return;
        }

        switch (task.Outcome)
        {
            case TaskOutcome.RequestModerated:
                await Replies.Invalid(context, state, [new ValidationError(["body", "prompt"], ModerationMessage, "content_policy_violation")]);
                return;
            case TaskOutcome.Error or TaskOutcome.Failed:
                var error = Error(task.Outcome)!.Value;
                await Replies.Node(context, state, StatusCodes.Status500InternalServerError, new JsonObject { ["detail"] = error.Message, ["error_type"] = error.Type });
                return;
            default:
                await Replies.Node(context, state, StatusCodes.Status200OK, Output(state, task, request, now));
                return;
        }
    }

    public static async Task CancelAsync(HttpContext context, SandboxState state)
    {
        if (!await AuthorizeAsync(context, state))
        {
            return;
        }

        if (Find(context, state) is not { } task)
        {
            await Replies.Detail(context, state, StatusCodes.Status404NotFound, "Request not found");
            return;
        }

        // Cancellation only works before processing starts (docs/providers.md#fal-queue-flow).
        if (task.IsQueuedAt(state.Now) && state.Tasks.Forget(task.Id))
        {
            await Replies.Node(context, state, StatusCodes.Status202Accepted, new JsonObject { ["status"] = "CANCELLATION_REQUESTED" });
            return;
        }

        await Replies.Node(context, state, StatusCodes.Status400BadRequest, new JsonObject { ["status"] = "ALREADY_COMPLETED" });
    }

    /// <summary>fal's <c>FluxProV11Output</c>: images (url, width, height, content_type), seed, has_nsfw_concepts, prompt, timings.</summary>
    private static JsonObject Output(SandboxState state, SandboxTask task, FalRequest request, DateTimeOffset now)
    {
        var images = new JsonArray();
        var flags = new JsonArray();
        for (var i = 0; i < request.NumImages; i++)
        {
            var spec = i == 0 ? task.Image : task.Image with { Seed = task.Image.Seed + i };
            string url;
            if (request.SyncMode)
            {
                url = $"data:{ContentType(spec)};base64,{Convert.ToBase64String(state.SampleBytes(spec))}";
            }
            else
            {
                var ticket = state.Deliveries.IssueOnce(i == 0 ? task.Id : $"{task.Id}#{i}", spec, task.TerminalAt + state.Options.SampleUrlLifetime);
                url = new Uri(state.BaseAddress, $"delivery/{ticket.Token}/{ticket.FileName}").AbsoluteUri;
            }

            images.Add(new JsonObject { ["url"] = url, ["width"] = spec.Width, ["height"] = spec.Height, ["content_type"] = ContentType(spec) });

            // fal flags instead of refusing: a content-moderated task still delivers, with has_nsfw_concepts true.
            flags.Add(task.Outcome == TaskOutcome.ContentModerated);
        }

        return new JsonObject
        {
            ["images"] = images,
            ["timings"] = new JsonObject { ["inference"] = (task.TerminalAt - task.StartedAt).TotalSeconds },
            ["seed"] = task.Image.Seed,
            ["has_nsfw_concepts"] = flags,
            ["prompt"] = task.Submission.Prompt,
        };
    }

    private static (string Message, string Type)? Error(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.RequestModerated => (ModerationMessage, "content_policy_violation"),
        TaskOutcome.Error => ("Sandbox: generation failed (injected by prompt marker).", "internal_server_error"),
        TaskOutcome.Failed => ("Sandbox: runner disconnected (injected by prompt marker).", "runner_disconnected"),
        _ => null,
    };

    private static JsonObject Urls(SandboxState state, string id)
    {
        var root = new Uri(state.BaseAddress, $"{FalEndpoint.App}/requests/{Uri.EscapeDataString(id)}").AbsoluteUri;
        return new JsonObject
        {
            ["request_id"] = id,
            ["response_url"] = root,
            ["status_url"] = root + "/status",
            ["cancel_url"] = root + "/cancel",
        };
    }

    private static SandboxTask? Find(HttpContext context, SandboxState state) =>
        context.Request.RouteValues["id"] is string id ? state.Tasks.Find(id) : null;

    private static string ContentType(ImageSpec spec) => spec.Format == ImageFormat.Png ? "image/png" : "image/jpeg";

    private static async Task<bool> AuthorizeAsync(HttpContext context, SandboxState state)
    {
        var key = Credentials.Presented(context.Request, AuthScheme.Key);
        if (Credentials.IsValid(key, state))
        {
            return true;
        }

        await Replies.Detail(context, state, StatusCodes.Status401Unauthorized, Credentials.Rejection(key, state, "Authentication is required to access this application"));
        return false;
    }
}
