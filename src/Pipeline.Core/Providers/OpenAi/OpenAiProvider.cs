using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Planning;
using Pipeline.Domain;

namespace Pipeline.Providers.OpenAi;

/// <summary>
/// OpenAI-compatible images API (docs/providers.md#openai-compatible-images), e.g. Lumenfall: <c>POST {base}/images/generations</c> with
/// <c>Authorization: Bearer</c>. The protocol is synchronous: the submit answer carries the finished image, so it is
/// returned as <see cref="SubmittedTask.Completed"/> and the executor does not poll.
/// </summary>
/// <remarks>
/// <c>response_format</c> <c>url</c>: the image URL (valid 60 minutes) is also the task's "polling URL", so a rerun
/// after a crash downloads it without paying again. <c>b64_json</c>: the bytes arrive inline and are kept only in
/// memory; a rerun after a crash cannot recover them and the job is resubmitted once (it may be billed twice).
/// A 400 with code <c>content_policy_violation</c>/<c>moderation_blocked</c> is a request moderation, not a failure.
/// </remarks>
/// <param name="http">A client whose <see cref="HttpClient.BaseAddress"/> is the API base including its version (<c>…/openai/v1/</c>).</param>
/// <param name="apiKey">Sent as <c>Authorization: Bearer</c>; never logged.</param>
/// <param name="responseFormat"><c>url</c> (default, OpenAI's default) or <c>b64_json</c>.</param>
internal sealed class OpenAiProvider(HttpClient http, string apiKey, string responseFormat = "url") : IImageProvider
{
    private const string Path = "images/generations";

    public string Name => OpenAiRequest.Provider;

    public async Task<SubmittedTask> SubmitAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var build = OpenAiRequest.Build(job, responseFormat);
        if (!build.Ok)
        {
            throw new ProviderException($"submit {job.Id}: {string.Join("; ", build.Problems)}", Acceptance.Rejected);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Path, UriKind.Relative))
        {
            Content = new StringContent(build.Body!.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        // The protocol has no request id; the gateway's x-request-id header is used when it sends one.
        var fallbackId = $"{job.Id}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        try
        {
            using var response = await ProviderHttp.SendAsync(http, request, $"submit {job.Id}", cancellationToken);
            var requestId = response.Headers.TryGetValues("x-request-id", out var ids) ? ids.FirstOrDefault() ?? fallbackId : fallbackId;
            var body = await ProviderHttp.ReadJsonAsync(response, "submit", cancellationToken);
            return ParseImages(body, requestId, InlineMarker(requestId));
        }
        catch (ProviderException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && ex.ErrorCode is "content_policy_violation" or "moderation_blocked")
        {
            return new SubmittedTask(fallbackId, InlineMarker(fallbackId), null)
            {
                Completed = new TaskPoll(TaskState.RequestModerated, Detail: Redactor.Redact(ex.Message, apiKey)),
            };
        }
    }

    /// <summary>
    /// Only reached when re-attaching after a restart, or for a fresh URL after an expired download: a URL result is
    /// its own polling URL; an inline result did not survive the process that received it.
    /// </summary>
    public Task<TaskPoll> PollAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Task.FromResult(IsInlineMarker(task.PollingUrl)
            ? new TaskPoll(TaskState.NotFound, Detail: "the inline (b64_json) image was held only by the run that received it")
            : new TaskPoll(TaskState.Ready, task.PollingUrl, 1));
    }

    /// <summary>Reads <c>{created, data: [{url | b64_json, revised_prompt}], size?, output_format?}</c> (docs/providers.md#openai-images-request-and-response).</summary>
    internal static SubmittedTask ParseImages(JsonElement body, string requestId, Uri inlineMarker)
    {
        if (!body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0 || data[0].ValueKind != JsonValueKind.Object)
        {
            return Done(new TaskPoll(TaskState.Failed, Detail: "the response has no data[0]"), inlineMarker);
        }

        var size = OpenAiRequest.ParseSize(Text(body, "size"));
        var reported = new ReportedImage(size?.Width, size?.Height, Text(body, "output_format"));
        var image = data[0];
        if (Text(image, "b64_json") is { } base64)
        {
            return DataUri.TryBase64(base64, out var bytes)
                ? Done(new TaskPoll(TaskState.Ready, Progress: 1) { InlineImage = bytes, Reported = reported }, inlineMarker)
                : Done(new TaskPoll(TaskState.Failed, Detail: "data[0].b64_json is not valid base64"), inlineMarker);
        }

        var url = Text(image, "url");
        if (DataUri.TryDecode(url ?? string.Empty, out var inline, out var mediaType))
        {
            return Done(new TaskPoll(TaskState.Ready, Progress: 1) { InlineImage = inline, Reported = reported with { ContentType = reported.ContentType ?? mediaType } }, inlineMarker);
        }

        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var sample))
        {
            return Done(new TaskPoll(TaskState.Failed, Detail: "data[0] has neither a url nor b64_json"), inlineMarker);
        }

        return new SubmittedTask(requestId, sample, null) { Completed = new TaskPoll(TaskState.Ready, sample, 1) { Reported = reported } };

        SubmittedTask Done(TaskPoll poll, Uri marker) => new(requestId, marker, null) { Completed = poll };
    }

    /// <summary>The "polling URL" of a result that has no URL: the generations endpoint, with the request id as fragment.</summary>
    private Uri InlineMarker(string requestId) =>
        new(http.BaseAddress ?? new Uri("http://localhost/"), Path + "#" + Uri.EscapeDataString(requestId));

    private static bool IsInlineMarker(Uri url) =>
        url.Fragment.Length > 1 && url.AbsolutePath.EndsWith("/" + Path, StringComparison.Ordinal);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
