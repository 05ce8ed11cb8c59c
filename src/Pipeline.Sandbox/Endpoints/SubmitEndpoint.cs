using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Protocol;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox.Endpoints;

/// <summary>
/// <c>POST /v1/{model}</c> (BFL) or <c>POST /flux/v1/{model}</c> (CometAPI). Order of checks: model path (404),
/// key (401), body (422), injected dropped connection, injected 503, credits (402), active-task cap (429); then a
/// task is created.
/// </summary>
internal static class SubmitEndpoint
{
    public static async Task HandleAsync(HttpContext context, SandboxState state, BflRoute route)
    {
        var arrived = state.Now;
        state.Stats.SubmitReceived();
        var model = BflModels.Find(context.Request.RouteValues["model"] as string);
        if (model is null)
        {
            await Replies.Detail(context, state, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        if (!await Replies.AuthorizeAsync(context, state, route.Auth))
        {
            return;
        }

        using var document = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (document.Error is { } bodyError)
        {
            await Replies.Invalid(context, state, [bodyError]);
            return;
        }

        var body = document.Root;
        var fingerprint = RequestFingerprint.Compute(model.Name, body);
        var (submission, errors) = SubmissionParser.Parse(model, body, fingerprint);
        if (submission is null)
        {
            await Replies.Invalid(context, state, errors);
            return;
        }

        var (result, task) = Intake.Admit(context, state, submission, OverLimit.Refuse);
        switch (result)
        {
            case IntakeResult.Dropped:
                return;
            case IntakeResult.Overloaded:
                await Replies.Detail(context, state, StatusCodes.Status503ServiceUnavailable, "Service overloaded");
                return;
            case IntakeResult.NoCredits:
                await Replies.Detail(context, state, StatusCodes.Status402PaymentRequired, "Insufficient credits");
                return;
            case IntakeResult.Throttled:
                state.Log?.Submit(arrived, null, StatusCodes.Status429TooManyRequests, null);
                if (state.Options.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                await Replies.Detail(
                    context,
                    state,
                    StatusCodes.Status429TooManyRequests,
                    "You exceeded your concurrency limit. Back off and retry once a previous task finishes.");
                return;
            default:
                state.Log?.Submit(arrived, task!.Id, StatusCodes.Status200OK, task.TerminalAt);
                await RespondAsync(context, state, task!, route);
                return;
        }
    }

    private static Task RespondAsync(HttpContext context, SandboxState state, SandboxTask task, BflRoute route)
    {
        var submission = task.Submission;
        if (submission.WebhookUrl is { } webhookUrl)
        {
            var webhookResponse = new WebhookSubmitResponse(
                task.Id, "Pending", webhookUrl, submission.Model.Cost, submission.InputMegapixels, submission.OutputMegapixels);
            return Replies.Json(context, state, StatusCodes.Status200OK, webhookResponse, SandboxJsonContext.Wire.WebhookSubmitResponse);
        }

        var pollingUrl = new Uri(state.BaseAddress, $"{route.PathPrefix}get_result?id={Uri.EscapeDataString(task.Id)}").AbsoluteUri;
        var response = new SubmitResponse(task.Id, pollingUrl, submission.Model.Cost, submission.InputMegapixels, submission.OutputMegapixels);
        return Replies.Json(context, state, StatusCodes.Status200OK, response, SandboxJsonContext.Wire.SubmitResponse);
    }
}
