using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Pipeline.Tests.Sandbox.SandboxRequests;

namespace Pipeline.Tests.Sandbox;

public sealed class SubmitValidationTests
{
    [Fact]
    public async Task Submit_WithoutKey_Answers401Detail()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        sandbox.Http.DefaultRequestHeaders.Remove("x-key");

        using var response = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody());

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("Invalid or missing API key", (await SandboxHarness.ReadJsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(1, sandbox.Stats.Unauthorized);
        Assert.Equal(0, sandbox.Stats.SubmissionsAccepted);
    }

    [Fact]
    public async Task Submit_WrongRequiredKey_Answers401()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.RequiredKey = "the-one-key");

        using var response = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody());

        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task Submit_RequiredKeyWithOtherHeaderCase_Accepted()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.RequiredKey = "the-one-key");
        sandbox.Http.DefaultRequestHeaders.Remove("x-key");
        sandbox.Http.DefaultRequestHeaders.Add("X-Key", "the-one-key");

        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody());

        Assert.Equal(1, sandbox.Stats.SubmissionsAccepted);
    }

    [Fact]
    public async Task Poll_WithoutKey_Answers401()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        sandbox.Http.DefaultRequestHeaders.Remove("x-key");

        using var response = await sandbox.Http.GetAsync("v1/get_result?id=x");

        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task Submit_UnknownModel_Answers404()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        using var response = await sandbox.PostAsync("flux-dev-nonexistent", UltraFinetunedBody());

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(1, sandbox.Stats.NotFound);
    }

    [Theory]
    [InlineData(UltraFinetuned, "finetune_strength", "2.5", "less_than_equal")]
    [InlineData(UltraFinetuned, "finetune_strength", "-0.1", "greater_than_equal")]
    [InlineData(UltraFinetuned, "aspect_ratio", "\"3:1\"", "value_error")]
    [InlineData(UltraFinetuned, "aspect_ratio", "\"4x5\"", "value_error")]
    [InlineData(UltraFinetuned, "output_format", "\"webp\"", "enum")]
    [InlineData(UltraFinetuned, "safety_tolerance", "7", "less_than_equal")]
    [InlineData(UltraFinetuned, "safety_tolerance", "2.5", "int_from_float")]
    [InlineData(UltraFinetuned, "seed", "\"abc\"", "int_parsing")]
    [InlineData(UltraFinetuned, "prompt", "42", "string_type")]
    [InlineData(UltraFinetuned, "webhook_url", "\"not a url\"", "url_parsing")]
    [InlineData(ProFinetuned, "width", "1000", "multiple_of")]
    [InlineData(ProFinetuned, "height", "1472", "less_than_equal")]
    [InlineData(ProFinetuned, "width", "224", "greater_than_equal")]
    [InlineData(ProFinetuned, "steps", "51", "less_than_equal")]
    [InlineData(ProFinetuned, "guidance", "5.5", "less_than_equal")]
    [InlineData(ProFinetuned, "guidance", "1", "greater_than_equal")]
    [InlineData(FillFinetuned, "steps", "10", "greater_than_equal")]
    [InlineData(FillFinetuned, "guidance", "101", "less_than_equal")]
    [InlineData(FillFinetuned, "image", "\"bm90IGFuIGltYWdl\"", "value_error")]
    public async Task Submit_InvalidField_Answers422WithLocMsgType(string model, string field, string json, string type)
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = model switch
        {
            UltraFinetuned => UltraFinetunedBody(),
            ProFinetuned => ProFinetunedBody(),
            _ => FillBody(PngBase64(64, 64)),
        };
        body[field] = JsonNode.Parse(json);

        using var response = await sandbox.PostAsync(model, body);

        Assert.Equal(422, (int)response.StatusCode);
        var error = Assert.Single((await SandboxHarness.ReadJsonAsync(response)).GetProperty("detail").EnumerateArray());
        Assert.Equal($"""["body","{field}"]""", error.GetProperty("loc").GetRawText());
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("msg").GetString()));
        Assert.Equal(1, sandbox.Stats.ValidationFailures);
        Assert.Equal(0, sandbox.Stats.SubmissionsAccepted);
    }

    [Theory]
    [InlineData(UltraFinetuned, "finetune_id")]
    [InlineData(ProFinetuned, "finetune_id")]
    [InlineData(FillFinetuned, "image")]
    public async Task Submit_MissingRequiredField_Answers422Missing(string model, string field)
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = model == FillFinetuned ? FillBody(PngBase64(8, 8)) : ProFinetunedBody();
        body.Remove(field);

        using var response = await sandbox.PostAsync(model, body);

        Assert.Equal(422, (int)response.StatusCode);
        var error = Assert.Single((await SandboxHarness.ReadJsonAsync(response)).GetProperty("detail").EnumerateArray());
        Assert.Equal($"""["body","{field}"]""", error.GetProperty("loc").GetRawText());
        Assert.Equal("missing", error.GetProperty("type").GetString());
        Assert.Equal("Field required", error.GetProperty("msg").GetString());
    }

    [Theory]
    [InlineData("4:5", 1824, 2304)]
    [InlineData("5:4", 2304, 1824)]
    [InlineData("42:18", 3136, 1344)]
    [InlineData("16:9", 2752, 1536)]
    public async Task Submit_AnyRatioInBflsRange_RendersTheTableSizeOrOneByRule(string ratio, int width, int height)
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var bytes = await sandbox.RenderAsync(UltraFinetuned, UltraFinetunedBody(aspectRatio: ratio));

        Assert.Equal(("jpeg", width, height), ImageProbe.Read(bytes));
    }

    [Fact]
    public async Task Submit_SeveralInvalidFields_ListsEveryError()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = new JsonObject { ["finetune_strength"] = 3, ["aspect_ratio"] = "3:1", ["output_format"] = "gif" };

        using var response = await sandbox.PostAsync(UltraFinetuned, body);

        var fields = (await SandboxHarness.ReadJsonAsync(response)).GetProperty("detail").EnumerateArray()
            .Select(e => e.GetProperty("loc")[1].GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal<string[]>(["aspect_ratio", "finetune_id", "finetune_strength", "output_format"], fields);
    }

    [Fact]
    public async Task Submit_InvalidOutputFormat_MessageQuotesLikeFastApi()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = UltraFinetunedBody();
        body["output_format"] = "webp";

        using var response = await sandbox.PostAsync(UltraFinetuned, body);

        Assert.Contains("\"msg\":\"Input should be 'jpeg' or 'png'\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MaskOfAnotherSize_Answers422OnMask()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = FillBody(PngBase64(64, 64));
        body["mask"] = PngBase64(32, 64);

        using var response = await sandbox.PostAsync(FillFinetuned, body);

        Assert.Equal(422, (int)response.StatusCode);
        var error = Assert.Single((await SandboxHarness.ReadJsonAsync(response)).GetProperty("detail").EnumerateArray());
        Assert.Equal("""["body","mask"]""", error.GetProperty("loc").GetRawText());
    }

    [Theory]
    [InlineData("{not json", "json_invalid")]
    [InlineData("[1, 2]", "model_attributes_type")]
    [InlineData("", "missing")]
    public async Task Submit_BodyNotAnObject_Answers422OnBody(string raw, string type)
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        using var response = await sandbox.PostRawAsync(UltraFinetuned, raw);

        Assert.Equal(422, (int)response.StatusCode);
        var error = Assert.Single((await SandboxHarness.ReadJsonAsync(response)).GetProperty("detail").EnumerateArray());
        Assert.Equal("body", error.GetProperty("loc")[0].GetString());
        Assert.Equal(type, error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Submit_NumericStringsAndNulls_AcceptedLikePydanticLaxMode()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var body = ProFinetunedBody();
        body["width"] = "512";
        body["steps"] = 30.0;
        body["output_format"] = null;
        body["prompt_upsampling"] = "false";

        using var response = await sandbox.PostAsync(ProFinetuned, body);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0.39, (await SandboxHarness.ReadJsonAsync(response)).GetProperty("output_mp").GetDouble());
    }

    [Fact]
    public async Task Submit_JsonContentType_AnswersJson()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        using var response = await sandbox.PostAsync(Ultra, new JsonObject());

        Assert.Equal(MediaTypeHeaderValue.Parse("application/json; charset=utf-8"), response.Content.Headers.ContentType);
        Assert.Equal(JsonValueKind.String, (await SandboxHarness.ReadJsonAsync(response)).GetProperty("id").ValueKind);
    }
}
