using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Protocol;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox.Endpoints;

/// <summary>
/// <c>GET /v1/get_result?id=</c> (BFL) or <c>GET /flux/v1/get_result?id=</c> (CometAPI). A task's status follows from the clock: Pending with growing progress until its
/// terminal time, then its outcome. Every poll of a Ready task issues a fresh sample URL.
/// </summary>
internal static class ResultEndpoint
{
    public static async Task HandleAsync(HttpContext context, SandboxState state, BflRoute route)
    {
        var arrived = state.Now;
        state.Stats.Polled();
        if (!await Replies.AuthorizeAsync(context, state, route.Auth))
        {
            return;
        }

        var id = context.Request.Query["id"].ToString();
        if (id.Length == 0)
        {
            await Replies.Invalid(context, state, [new ValidationError(["query", "id"], "Field required", "missing")]);
            return;
        }

        if (state.Faults.Roll(state.Options.PollFailureRate))
        {
            await Replies.Detail(context, state, StatusCodes.Status500InternalServerError, "Internal Server Error");
            return;
        }

        var response = state.Tasks.Find(id) is { } task ? Describe(task, state) : Status(id, "Task not found");
        state.Log?.Poll(arrived, id, response.Status);
        await Replies.Json(context, state, StatusCodes.Status200OK, response, SandboxJsonContext.Wire.ResultResponse);
    }

    private static ResultResponse Describe(SandboxTask task, SandboxState state)
    {
        var now = state.Now;
        if (task.IsActiveAt(now))
        {
            return Status(task.Id, "Pending") with { Progress = task.ProgressAt(now) };
        }

        return task.Outcome switch
        {
            TaskOutcome.Ready => Ready(task, state, now),
            TaskOutcome.RequestModerated => Status(task.Id, "Request Moderated") with { Details = Moderation("Derivative Works Filter") },
            TaskOutcome.ContentModerated => Status(task.Id, "Content Moderated") with { Details = Moderation("NSFW") },
            TaskOutcome.Error => Status(task.Id, "Error") with { Details = Message("Sandbox: generation failed (injected by prompt marker).") },
            _ => Status(task.Id, "Failed") with { Details = Message("Sandbox: task failed (injected by prompt marker).") },
        };
    }

    private static ResultResponse Ready(SandboxTask task, SandboxState state, DateTimeOffset now)
    {
        var ticket = state.Deliveries.Issue(task.Id, task.Image, now);
        var sample = new Uri(state.BaseAddress, $"delivery/{ticket.Token}/{ticket.FileName}").AbsoluteUri;
        var result = new ReadyResult(
            sample,
            task.Image.Seed,
            task.Submission.Prompt,
            UnixSeconds(task.SubmittedAt),
            UnixSeconds(task.TerminalAt),
            (task.TerminalAt - task.SubmittedAt).TotalSeconds);
        return Status(task.Id, "Ready") with { Result = result, Progress = 1 };
    }

    private static ResultResponse Status(string id, string status) => new(id, status, null, null, null, null);

    private static JsonObject Moderation(string reason) => new() { ["Moderation Reasons"] = new JsonArray(reason) };

    private static JsonObject Message(string message) => new() { ["message"] = message };

    private static double UnixSeconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
