using System.Net;
using System.Text.Json;
using Pipeline.Providers;
using Pipeline.Providers.Replicate;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.RecordingHandler;

namespace Pipeline.Tests.Providers.Replicate;

/// <summary>Wire-level checks against Replicate's predictions API (docs/providers.md#replicate).</summary>
public sealed class ReplicateProviderTests
{
    private const string Base = "https://api.replicate.com/";

    private static readonly SubmittedTask Task1 = new("ufawqhfynnddngldkgtslldrkq", new Uri("https://api.replicate.com/v1/predictions/ufawqhfynnddngldkgtslldrkq"), null);

    /// <summary>A prediction object with the documented fields (docs/providers.md#replicate-predictions-flow), in a given status.</summary>
    private static string Prediction(string status, string output = "null", string error = "null", bool dataRemoved = false) => $$"""
        {"id":"ufawqhfynnddngldkgtslldrkq","model":"black-forest-labs/flux-1.1-pro-ultra-finetuned","version":"hidden",
         "input":{"prompt":"A matte black kettle"},"logs":"","output":{{output}},"error":{{error}},"status":"{{status}}",
         "created_at":"2026-01-01T00:00:00.000Z","started_at":null,"completed_at":null,"data_removed":{{(dataRemoved ? "true" : "false")}},
         "metrics":{"predict_time":4.2},
         "urls":{"get":"https://api.replicate.com/v1/predictions/ufawqhfynnddngldkgtslldrkq",
                 "cancel":"https://api.replicate.com/v1/predictions/ufawqhfynnddngldkgtslldrkq/cancel",
                 "web":"https://replicate.com/p/ufawqhfynnddngldkgtslldrkq"} }
        """;

    [Fact]
    public async Task SubmitAsync_UltraFinetunedJob_CreatesAPredictionWithBearerPreferWaitAndExplicitValues()
    {
        var handler = new RecordingHandler(Json(Prediction("starting"), HttpStatusCode.Created));
        var sut = new ReplicateProvider(handler.Client(Base), "r8_secret");

        var task = await sut.SubmitAsync(Some.UltraJob(strength: 0.8m), CancellationToken.None);

        var request = handler.Only;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.replicate.com/v1/models/black-forest-labs/flux-1.1-pro-ultra-finetuned/predictions", request.Uri);
        Assert.Equal("Bearer r8_secret", request.Header("Authorization"));
        Assert.Equal("wait", request.Header("Prefer"));
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(
            """{"input":{"prompt":"A matte black kettle","finetune_id":"acme-brand-v3","finetune_strength":0.8,"seed":11,"aspect_ratio":"16:9","output_format":"jpg","safety_tolerance":2}}""",
            request.Body);
        Assert.Equal(Task1, task);
        Assert.Null(task.Completed);
    }

    [Fact]
    public async Task SubmitAsync_NoAxes_SendsBflsDefaultsExplicitlyNotReplicates()
    {
        var handler = new RecordingHandler(Json(Prediction("starting"), HttpStatusCode.Created));

        await new ReplicateProvider(handler.Client(Base), "t").SubmitAsync(Some.UltraJob() with { FinetuneStrength = null, AspectRatio = null }, CancellationToken.None);

        var input = handler.Only.Json.GetProperty("input");
        Assert.Equal("16:9", input.GetProperty("aspect_ratio").GetString());
        Assert.Equal("1.2", input.GetProperty("finetune_strength").GetRawText());
    }

    [Fact]
    public async Task SubmitAsync_SizedJob_SendsCustomAspectRatioWidthHeightAndBflGuidance()
    {
        var handler = new RecordingHandler(Json(Prediction("processing"), HttpStatusCode.Created));

        await new ReplicateProvider(handler.Client(Base), "t").SubmitAsync(Some.SizedJob(1024, 768) with { OutputFormat = "png" }, CancellationToken.None);

        var input = handler.Only.Json.GetProperty("input");
        Assert.Equal("https://api.replicate.com/v1/models/black-forest-labs/flux-pro-finetuned/predictions", handler.Only.Uri);
        Assert.Equal("custom", input.GetProperty("aspect_ratio").GetString());
        Assert.Equal(1024, input.GetProperty("width").GetInt32());
        Assert.Equal(768, input.GetProperty("height").GetInt32());
        Assert.Equal("2.5", input.GetProperty("guidance").GetRawText());
        Assert.Equal("png", input.GetProperty("output_format").GetString());
    }

    [Fact]
    public async Task SubmitAsync_PreferWaitAnsweredTerminal_CarriesTheResult()
    {
        var handler = new RecordingHandler(Json(Prediction("succeeded", output: "\"https://replicate.delivery/xezq/abc/out-0.jpg\""), HttpStatusCode.Created));

        var task = await new ReplicateProvider(handler.Client(Base), "t").SubmitAsync(Some.UltraJob(), CancellationToken.None);

        Assert.NotNull(task.Completed);
        Assert.Equal(TaskState.Ready, task.Completed.State);
        Assert.Equal(new Uri("https://replicate.delivery/xezq/abc/out-0.jpg"), task.Completed.SampleUrl);
    }

    [Fact]
    public async Task SubmitAsync_SafetyToleranceZero_RejectedBeforeAnyCall()
    {
        var handler = new RecordingHandler(Json(Prediction("starting")));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => new ReplicateProvider(handler.Client(Base), "t").SubmitAsync(Some.UltraJob().WithParam("safety_tolerance", 0L), CancellationToken.None));

        Assert.Contains("safety_tolerance 0", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SubmitAsync_ThrottledLowCredit429_RetryAfterParsedFromTheDetail()
    {
        var handler = new RecordingHandler(Json("""{"detail":"Request was throttled. Your rate limit resets in ~30s."}""", HttpStatusCode.TooManyRequests));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => new ReplicateProvider(handler.Client(Base), "t").SubmitAsync(Some.UltraJob(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(Acceptance.NotAccepted, ex.Acceptance);
        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
    }

    [Fact]
    public async Task PollAsync_GetsUrlsGetWithBearer()
    {
        var handler = new RecordingHandler(Json(Prediction("processing")));

        var poll = await new ReplicateProvider(handler.Client(Base), "r8_tok").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(TaskState.Pending, poll.State);
        Assert.Equal(HttpMethod.Get, handler.Only.Method);
        Assert.Equal(Task1.PollingUrl.AbsoluteUri, handler.Only.Uri);
        Assert.Equal("Bearer r8_tok", handler.Only.Header("Authorization"));
    }

    public static TheoryData<string, TaskState, bool> Statuses => new()
    {
        { Prediction("starting"), TaskState.Pending, true },
        { Prediction("processing"), TaskState.Pending, false },
        { Prediction("succeeded", output: "\"https://replicate.delivery/x/out.jpg\""), TaskState.Ready, false },
        { Prediction("succeeded", output: "[\"https://replicate.delivery/x/out.jpg\"]"), TaskState.Ready, false },
        { Prediction("succeeded"), TaskState.Failed, false },
        { Prediction("succeeded", output: "\"https://replicate.delivery/x/out.jpg\"", dataRemoved: true), TaskState.Failed, false },
        { Prediction("failed", error: "\"CUDA out of memory\""), TaskState.Failed, false },
        { Prediction("failed", error: "\"The input or output was flagged as sensitive. Please try again with different inputs. (E005)\""), TaskState.ContentModerated, false },
        { Prediction("canceled"), TaskState.Failed, false },
        { Prediction("aborted"), TaskState.Failed, false },
        { Prediction("queued"), TaskState.Failed, false },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void ParsePrediction_EveryDocumentedStatus_MapsToOneVocabulary(string json, TaskState expected, bool queued)
    {
        using var doc = JsonDocument.Parse(json);

        var poll = ReplicateProvider.ParsePrediction(doc.RootElement);

        Assert.Equal(expected, poll.State);
        Assert.Equal(queued, poll.Queued);
    }

    [Fact]
    public void ParseCreate_WithoutUrlsGet_UsesTheLocationHeader()
    {
        using var doc = JsonDocument.Parse("""{"id":"p1","status":"starting"}""");

        var task = ReplicateProvider.ParseCreate(doc.RootElement, new Uri("/v1/predictions/p1", UriKind.Relative), new Uri(Base));

        Assert.Equal(new Uri("https://api.replicate.com/v1/predictions/p1"), task.PollingUrl);
    }

    [Fact]
    public async Task PollAsync_404_NotFound()
    {
        var handler = new RecordingHandler(Json("""{"title":"Not found","detail":"The requested resource could not be found.","status":404}""", HttpStatusCode.NotFound));

        var poll = await new ReplicateProvider(handler.Client(Base), "t").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(TaskState.NotFound, poll.State);
    }
}
