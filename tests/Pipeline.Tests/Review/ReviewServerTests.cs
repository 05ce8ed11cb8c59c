using System.Net;
using System.Net.Http.Json;
using Pipeline.Records;
using Pipeline.Review;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Review;

/// <summary>The review server over real loopback HTTP: the token gate, the file gate, and decisions into review.csv.</summary>
public sealed class ReviewServerTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private CampaignFolder _folder = null!;
    private ReviewServer _server = null!;
    private string _token = null!;
    private string _image = null!;

    public async Task InitializeAsync()
    {
        _folder = await RenderedCampaigns.CopyAsync(_dir.Write("strength-sweep.yaml", SweepManifest.Yaml), _dir.File("out"));
        _server = await ReviewServer.StartAsync(_folder, new ReviewOptions { Reviewer = "ana" }, CancellationToken.None);
        _token = _server.Url.Query["?token=".Length..];
        _image = CampaignAudit.Read(_folder).Latest[0].File!;
    }

    [Fact]
    public void StartAsync_Url_IsLoopbackWithA32ByteToken()
    {
        Assert.Equal("127.0.0.1", _server.Url.Host);
        Assert.Equal(43, _token.Length); // 32 bytes, base64url without padding
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/decisions")]
    [InlineData("/report/thumbs/")]
    [InlineData("/../audit.csv")]
    public async Task Request_WithoutToken_403(string target)
    {
        Assert.Equal(403, await RawHttp.StatusAsync(_server.Url, target));
        Assert.Equal(403, await RawHttp.StatusAsync(_server.Url, "/" + _image));
        Assert.Equal(403, await RawHttp.StatusAsync(_server.Url, target, "X-Review-Token: " + new string('A', 43)));
        Assert.Equal(403, await RawHttp.StatusAsync(_server.Url, "/?token=" + _token[..^1] + "B"));
    }

    [Fact]
    public async Task Request_WithToken_PageSetsAStrictHttpOnlyCookieAndServesTheImage()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var page = await client.GetAsync(_server.Url);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, await RawHttp.StatusAsync(_server.Url, "/" + _image, "Cookie: " + cookie.Split(';')[0]));
        Assert.Equal(200, await RawHttp.StatusAsync(_server.Url, "/" + _image + ".json", "X-Review-Token: " + _token));
    }

    [Theory]
    [InlineData("/../audit.csv")]
    [InlineData("/audit.csv")]
    [InlineData("/%2e%2e/audit.csv")]
    [InlineData("/images/%2e%2e/audit.csv")]
    [InlineData("/images/..%2f..%2f/etc/passwd")]
    [InlineData("/images/..%252f..%252f/etc/passwd")]
    [InlineData("/images/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("/etc/passwd")]
    [InlineData("//etc/passwd")]
    [InlineData("/ledger.jsonl")]
    [InlineData("/campaign.lock.json")]
    [InlineData("/review.csv")]
    [InlineData("/images/no-such-image.jpg")]
    public async Task Request_OutsideTheServedFolders_404(string target)
    {
        Assert.Equal(404, await RawHttp.StatusAsync(_server.Url, target, "X-Review-Token: " + _token));
    }

    [Fact]
    public async Task Request_SymlinkInsideImagesPointingOutside_404()
    {
        var outside = _dir.Write("secret.jpg", "not for the browser");
        File.CreateSymbolicLink(Path.Combine(_folder.ImagesDir, "leak.jpg"), outside);
        Directory.CreateSymbolicLink(Path.Combine(_folder.ImagesDir, "up"), _dir.Path);
        File.CreateSymbolicLink(Path.Combine(_folder.ImagesDir, "inside.jpg"), Path.Combine(_folder.Root, _image));

        Assert.Equal(404, await RawHttp.StatusAsync(_server.Url, "/images/leak.jpg", "X-Review-Token: " + _token));
        Assert.Equal(404, await RawHttp.StatusAsync(_server.Url, "/images/up/secret.jpg", "X-Review-Token: " + _token));
        Assert.Equal(200, await RawHttp.StatusAsync(_server.Url, "/images/inside.jpg", "X-Review-Token: " + _token));
    }

    [Fact]
    public async Task PostDecision_AppendsARowAndAnswersTheFoldedState()
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("X-Review-Token", _token);
        var job = CampaignAudit.Read(_folder).Latest[3];

        using var approve = await client.PostAsJsonAsync(new Uri(_server.Url, "/api/decisions"), new { job_id = job.JobId, decision = "approved" });
        using var star = await client.PostAsJsonAsync(new Uri(_server.Url, "/api/decisions"), new { job_id = job.JobId, decision = "starred", note = "hero pick" });
        using var bad = await client.PostAsJsonAsync(new Uri(_server.Url, "/api/decisions"), new { job_id = job.JobId, decision = "maybe" });
        using var unknown = await client.PostAsJsonAsync(new Uri(_server.Url, "/api/decisions"), new { job_id = "nope", decision = "approved" });
        using var form = await client.PostAsync(new Uri(_server.Url, "/api/decisions"), new FormUrlEncodedContent(new Dictionary<string, string> { ["job_id"] = job.JobId, ["decision"] = "rejected" }));

        Assert.Equal(HttpStatusCode.OK, star.StatusCode);
        Assert.Contains("\"verdict\":\"approved\",\"starred\":true,\"note\":\"hero pick\"", await star.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        var rows = ReviewLog.Read(_folder.ReviewPath);
        Assert.Equal([ReviewDecision.Approved, ReviewDecision.Starred], rows.Select(r => r.Decision));
        Assert.All(rows, r => Assert.Equal(("ana", job.JobId, job.Sha256), (r.Reviewer, r.JobId, r.Sha256)));
    }

    [Fact]
    public async Task StartAsync_SecondServerOnTheSameCampaign_Refused()
    {
        await Assert.ThrowsAsync<ReviewBusyException>(() => ReviewServer.StartAsync(_folder, new ReviewOptions(), CancellationToken.None));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _dir.Dispose();
}
