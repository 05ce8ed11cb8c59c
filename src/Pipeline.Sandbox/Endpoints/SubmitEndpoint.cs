using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Protocol;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox.Endpoints;

/// <summary>
/// <c>POST /v1/{model}</c>. Order of checks: model path (404), key (401), body (422), injected dropped
/// connection, injected 503, credits (402), active-task cap (429); then a task is created.
/// </summary>
internal static class SubmitEndpoint
{
    public static async Task HandleAsync(HttpContext context, SandboxState state)
    {
        state.Stats.SubmitReceived();
        var model = BflModels.Find(context.Request.RouteValues["model"] as string);
        if (model is null)
        {
            await Replies.Detail(context, state, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        if (!await Replies.AuthorizeAsync(context, state))
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

        await AdmitAsync(context, state, submission);
    }

    private static async Task AdmitAsync(HttpContext context, SandboxState state, Submission submission)
    {
        var options = state.Options;
        if (state.Faults.Roll(options.DropConnectionRate))
        {
            state.Stats.ConnectionDropped();
            context.Abort();
            return;
        }

        if (state.Faults.Roll(options.SubmitFailureRate))
        {
            await Replies.Detail(context, state, StatusCodes.Status503ServiceUnavailable, "Service overloaded");
            return;
        }

        var outcome = OutcomePolicy.Decide(submission.Prompt, submission.Fingerprint, options.ModerationRate, state.Faults);
        var admission = state.Tasks.TryAdmit(submission, outcome, state.Now);
        switch (admission.Refusal)
        {
            case AdmissionRefusal.InsufficientCredits:
                await Replies.Detail(context, state, StatusCodes.Status402PaymentRequired, "Insufficient credits");
                return;
            case AdmissionRefusal.ConcurrencyLimit:
                if (options.RetryAfterSeconds is { } seconds)
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
                break;
        }

        var task = admission.Task!;
        state.Stats.Accepted(submission.Fingerprint, admission.ActiveTasks);
        if (outcome == TaskOutcome.Ready)
        {
            state.Stats.Charged(submission.Model.Cost);
        }

        await RespondAsync(context, state, task);
    }

    private static Task RespondAsync(HttpContext context, SandboxState state, SandboxTask task)
    {
        var submission = task.Submission;
        if (submission.WebhookUrl is { } webhookUrl)
        {
            var webhookResponse = new WebhookSubmitResponse(
                task.Id, "Pending", webhookUrl, submission.Model.Cost, submission.InputMegapixels, submission.OutputMegapixels);
            return Replies.Json(context, state, StatusCodes.Status200OK, webhookResponse, SandboxJsonContext.Wire.WebhookSubmitResponse);
        }

        var pollingUrl = new Uri(state.BaseAddress, $"v1/get_result?id={Uri.EscapeDataString(task.Id)}").AbsoluteUri;
        var response = new SubmitResponse(task.Id, pollingUrl, submission.Model.Cost, submission.InputMegapixels, submission.OutputMegapixels);
        return Replies.Json(context, state, StatusCodes.Status200OK, response, SandboxJsonContext.Wire.SubmitResponse);
    }
}
