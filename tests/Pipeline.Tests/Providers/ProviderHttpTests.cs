using Pipeline.Providers;

namespace Pipeline.Tests.Providers;

/// <summary>The error bodies each provider documents, read into one message, wait and code.</summary>
public sealed class ProviderHttpTests
{
    [Theory]
    [InlineData("""{"detail":"Finetune not found or not ready"}""", "Finetune not found or not ready", null)]
    [InlineData("""{"detail":[{"loc":["body","safety_tolerance"],"msg":"Input should be '1', '2', '3', '4', '5' or '6'","type":"literal_error"}]}""", "body.safety_tolerance: Input should be '1', '2', '3', '4', '5' or '6'", "literal_error")]
    [InlineData("""{"detail":"Runner disconnected","error_type":"runner_disconnected"}""", "Runner disconnected", "runner_disconnected")]
    [InlineData("""{"title":"Input validation failed","detail":"- input.output_format: output_format must be one of the following: \"jpg\", \"png\"\n","status":422}""", "- input.output_format: output_format must be one of the following: \"jpg\", \"png\"\n", null)]
    [InlineData("""{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", "Rate limit reached", "rate_limit_exceeded")]
    [InlineData("""{"error":"rate_limit_exceeded","message":"slow down","retry_after":5}""", "slow down", null)]
    public void ParseError_DocumentedShapes_DetailAndCode(string body, string detail, string? code)
    {
        var error = ProviderHttp.ParseError(body);

        Assert.Equal(detail, error.Detail);
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("""{"detail":"Request was throttled. Your rate limit resets in ~30s."}""", 30)]
    [InlineData("""{"detail":"Request was throttled. Your rate limit resets in ~5s."}""", 5)]
    [InlineData("""{"error":"rate_limit_exceeded","message":"slow down","retry_after":5}""", 5)]
    public void ParseError_RequestedWait_Read(string body, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ProviderHttp.ParseError(body).RetryAfter);
    }
}
