using Pipeline.Providers;

namespace Pipeline.Tests.Providers;

public sealed class RedactorTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def.ghi", "Authorization: Bearer [redacted]")]
    [InlineData("authorization=Key 1234567890abcdef", "authorization=Key [redacted]")]
    [InlineData("x-key: 0a1b2c3d4e", "x-key: [redacted]")]
    [InlineData("{\"api_key\":\"sk-zzz\"}", "{\"api_key\":\"[redacted]\"}")]
    [InlineData("GET https://h.test/x?key=abc123&id=7", "GET https://h.test/x?key=[redacted]&id=7")]
    [InlineData("Incorrect API key provided: sk-proj-AbCdEf0123456789xyz.", "Incorrect API key provided: [redacted].")]
    [InlineData("token r8_0123456789abcdefghijklmnop rejected", "token [redacted] rejected")]
    [InlineData("fal 6a1b2c3d-1111-2222-3333-444455556666:0123456789abcdef0123456789abcdef used", "fal [redacted] used")]
    [InlineData("sent Bearer eyJhbGciOiJIUzI1NiJ9x", "sent Bearer [redacted]")]
    public void Redact_KeyLikeValues_Masked(string text, string expected)
    {
        Assert.Equal(expected, Redactor.Redact(text));
    }

    [Theory]
    [InlineData("submit 0123456789abcdef: HTTP 503 Service overloaded")]
    [InlineData("request 764cabcf-b745-4b3e-ae38-1200304cf45b failed")]
    [InlineData("Key requirements were not met")]
    [InlineData("finetune_strength 2.5 is out of range")]
    public void Redact_OrdinaryMessages_Untouched(string text)
    {
        Assert.Equal(text, Redactor.Redact(text));
    }

    [Fact]
    public void Redact_KnownSecret_MaskedWhereverItAppears()
    {
        Assert.Equal("echo [redacted] and [redacted]", Redactor.Redact("echo plainsecret and plainsecret", "plainsecret"));
    }

    [Fact]
    public void Redact_ShortKnownSecret_NotUsedVerbatimSoWordsSurvive()
    {
        Assert.Equal("a key", Redactor.Redact("a key", "key"));
    }
}
