using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Pipeline.Planning;
using Pipeline.Domain;

namespace Pipeline.Providers.Fal;

/// <summary>
/// fal.ai queue API (docs/providers.md#fal): <c>POST https://queue.fal.run/{endpoint}</c> with <c>Authorization: Key</c>,
/// then <c>GET status_url</c> until <c>COMPLETED</c>, then <c>GET response_url</c>. Both URLs are used exactly as
/// returned: they drop the model subpath (docs/providers.md#pitfall-fal-status-url-without-the-subpath), so they are never built here.
/// </summary>
/// <remarks>
/// <c>COMPLETED</c> does not mean success: a status that carries <c>error</c> is followed by a result fetch that
/// returns the error (docs/providers.md#fal-queue-flow). <c>has_nsfw_concepts</c> becomes <see cref="TaskPoll.Nsfw"/>; the reported
/// <c>width</c>/<c>height</c>/<c>content_type</c> become <see cref="TaskPoll.Reported"/> and are checked against the file.
/// </remarks>
/// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the queue host (default <c>https://queue.fal.run/</c>).</param>
/// <param name="apiKey">Sent as <c>Authorization: Key</c>; never logged.</param>
internal sealed class FalProvider(HttpClient http, string apiKey) : IImageProvider
{
    public static readonly Uri DefaultBaseUrl = new("https://queue.fal.run/");

    public string Name => FalRequest.Provider;

    public async Task<SubmittedTask> SubmitAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var build = FalRequest.Build(job);
        if (!build.Ok)
        {
            throw new ProviderException($"submit {job.Id}: {string.Join("; ", build.Problems)}", Acceptance.Rejected);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(FalRequest.Map(job.Model).Endpoint, UriKind.Relative))
        {
            Content = new StringContent(build.Body!.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        Authorize(request);
        using var response = await ProviderHttp.SendAsync(http, request, $"submit {job.Id}", cancellationToken);
        return ParseSubmit(await ProviderHttp.ReadJsonAsync(response, "submit", cancellationToken));
    }

    public async Task<TaskPoll> PollAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        JsonElement status;
        try
        {
            status = await GetJsonAsync(task.PollingUrl, $"poll {task.RequestId}", cancellationToken);
        }
        catch (ProviderException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return new TaskPoll(TaskState.NotFound, Detail: ex.Message);
        }

        var poll = ParseStatus(status);
        if (poll is not null)
        {
            return Redact(poll);
        }

        var resultUrl = task.ResultUrl ?? UrlOrNull(status, "response_url");
        if (resultUrl is null)
        {
            return new TaskPoll(TaskState.Failed, Detail: "COMPLETED, but no response_url was returned to fetch the result from");
        }

        var statusError = Text(status, "error");
        try
        {
            var result = await GetJsonAsync(resultUrl, $"result {task.RequestId}", cancellationToken);
            return Redact(statusError is null ? ParseOutput(result) : Failure(statusError, Text(status, "error_type")));
        }
        catch (ProviderException ex) when (statusError is not null || IsFinal(ex))
        {
            // The result fetch returns the model's error (docs/providers.md#fal-queue-flow, docs/providers.md#fal-errors-and-limits): that is the task's outcome, not a failed poll.
            return Redact(Failure(ex.Message, ex.ErrorCode ?? Text(status, "error_type")));
        }
    }

    /// <summary>Reads the submit answer: <c>{request_id, response_url, status_url, cancel_url}</c> (docs/providers.md#fal-queue-flow).</summary>
    internal static SubmittedTask ParseSubmit(JsonElement body)
    {
        var id = Text(body, "request_id") ?? throw new ProviderException("submit: response has no 'request_id'.", Acceptance.Ambiguous);
        var status = UrlOrNull(body, "status_url") ?? throw new ProviderException($"submit: request {id} came back without a 'status_url'.", Acceptance.Ambiguous);
        var result = UrlOrNull(body, "response_url") ?? throw new ProviderException($"submit: request {id} came back without a 'response_url'.", Acceptance.Ambiguous);
        return new SubmittedTask(id, status, null, result);
    }

    /// <summary>The poll for a non-<c>COMPLETED</c> status; null for <c>COMPLETED</c> (the result must be fetched).</summary>
    internal static TaskPoll? ParseStatus(JsonElement status) => Text(status, "status") switch
    {
        "IN_QUEUE" => new TaskPoll(TaskState.Pending) { Queued = true },
        "IN_PROGRESS" => new TaskPoll(TaskState.Pending),
        "COMPLETED" => null,
        var other => new TaskPoll(TaskState.Failed, Detail: $"unknown status '{other}'"),
    };

    /// <summary>Maps the model output (<c>FluxProV11Output</c>, docs/providers.md#fal-request-fields) onto a Ready poll.</summary>
    internal static TaskPoll ParseOutput(JsonElement output)
    {
        if (!output.TryGetProperty("images", out var images) || images.ValueKind != JsonValueKind.Array || images.GetArrayLength() == 0
            || images[0].ValueKind != JsonValueKind.Object || Text(images[0], "url") is not { } url)
        {
            return new TaskPoll(TaskState.Failed, Detail: "COMPLETED without images[0].url");
        }

        var image = images[0];
        var reported = new ReportedImage(Int(image, "width"), Int(image, "height"), Text(image, "content_type"));
        bool? nsfw = output.TryGetProperty("has_nsfw_concepts", out var flags) && flags.ValueKind == JsonValueKind.Array
            ? flags.GetArrayLength() > 0 && flags[0].ValueKind == JsonValueKind.True
            : null;
        long? seed = output.TryGetProperty("seed", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var value) ? value : null;
        if (DataUri.IsDataUri(url))
        {
            return DataUri.TryDecode(url, out var bytes, out var mediaType)
                ? new TaskPoll(TaskState.Ready, null, 1, nsfw, Seed: seed) { InlineImage = bytes, Reported = reported with { ContentType = reported.ContentType ?? mediaType } }
                : new TaskPoll(TaskState.Failed, Detail: "images[0].url is a data URI that is not valid base64");
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var sample)
            ? new TaskPoll(TaskState.Ready, sample, 1, nsfw, Seed: seed) { Reported = reported }
            : new TaskPoll(TaskState.Failed, Detail: "images[0].url is not an absolute URL");
    }

    private static TaskPoll Failure(string detail, string? errorType) =>
        errorType is "content_policy_violation"
            ? new TaskPoll(TaskState.RequestModerated, Detail: detail)
            : new TaskPoll(TaskState.Failed, Detail: errorType is null ? detail : $"{detail} ({errorType})");

    /// <summary>A refusal of the result fetch that another try cannot change (a 4xx other than 408/429).</summary>
    private static bool IsFinal(ProviderException ex) =>
        ex.StatusCode is { } code && (int)code is >= 400 and < 500 && code is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests) && !ex.IsFatal;

    private async Task<JsonElement> GetJsonAsync(Uri url, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        Authorize(request);
        using var response = await ProviderHttp.SendAsync(http, request, operation, cancellationToken);
        return await ProviderHttp.ReadJsonAsync(response, operation, cancellationToken);
    }

    private void Authorize(HttpRequestMessage request) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Key", apiKey);

    private TaskPoll Redact(TaskPoll poll) => poll.Detail is null ? poll : poll with { Detail = Redactor.Redact(poll.Detail, apiKey) };

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static Uri? UrlOrNull(JsonElement element, string name) =>
        Text(element, name) is { } text && Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;
}
