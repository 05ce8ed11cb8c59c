using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using Pipeline.Records;
using Pipeline.Tests.Cli;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Publishing;

/// <summary><c>pipeline publish</c> through the real CLI, into Azurite and s3rver (docs/architecture.md#41-publishing).</summary>
[Collection(EmulatorGroup.Name)]
public sealed class PublishCommandTests(ObjectStoreEmulators emulators) : IDisposable
{
    private readonly TempDirectory _dir = new();

    [EmulatorFact]
    public async Task Publish_ToAzurite_UploadsImagesSidecarsReportAndAuditWithMetadataThenRepublishUploadsNothing()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var container = "c-" + Guid.NewGuid().ToString("N")[..8];

        var (exit, output, error) = await PublishAsync(folder, $"az://{container}/brand/2026", "--create");

        Assert.True(exit == 0, output + error);
        var blobs = new BlobServiceClient(emulators.AzureConnectionString).GetBlobContainerClient(container);
        var names = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        var audit = CampaignAudit.Read(folder).Latest;
        Assert.Equal(24, names.Count(n => n.StartsWith("brand/2026/acme-spring/images/", StringComparison.Ordinal) && n.EndsWith(".jpg", StringComparison.Ordinal)));
        Assert.Contains("brand/2026/acme-spring/audit.csv", names);
        Assert.Contains("brand/2026/acme-spring/report/index.html", names);
        var row = audit[0];
        var properties = (await blobs.GetBlobClient("brand/2026/acme-spring/" + row.File).GetPropertiesAsync()).Value;
        Assert.Equal(row.Sha256, properties.Metadata["sha256"]);
        Assert.Equal(row.JobId, properties.Metadata["job_id"]);
        Assert.Equal(row.RequestId, properties.Metadata["request_id"]);
        Assert.Equal("image/jpeg", properties.ContentType);
        Assert.Contains($"published: {names.Count} uploaded, 0 skipped, 0 refused, 0 failed", output, StringComparison.Ordinal);

        var (again, output2, _) = await PublishAsync(folder, $"az://{container}/brand/2026");

        Assert.Equal(0, again);
        Assert.Contains($"published: 0 uploaded, {names.Count} skipped, 0 refused, 0 failed", output2, StringComparison.Ordinal);
        var log = PublishedRows(folder);
        Assert.Equal(names.Count, log.Count(r => r[5] == "uploaded"));
        Assert.Equal(names.Count, log.Count(r => r[5] == "skipped"));
        Assert.All(log, r => Assert.Equal($"az://{container}/brand/2026", r[1]));
    }

    [EmulatorFact]
    public async Task Publish_ToS3Compatible_UploadsWithMetadataThenRepublishUploadsNothing()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var bucket = "b-" + Guid.NewGuid().ToString("N")[..8];

        var (exit, output, error) = await PublishAsync(folder, $"s3://{bucket}/campaigns", "--create");

        Assert.True(exit == 0, output + error);
        using var s3 = S3Client();
        var row = CampaignAudit.Read(folder).Latest[^1];
        var head = await s3.GetObjectMetadataAsync(bucket, "campaigns/acme-spring/" + row.File);
        Assert.Equal(row.Sha256, head.Metadata["x-amz-meta-sha256"]);
        Assert.Equal(row.JobId, head.Metadata["x-amz-meta-job-id"]);
        Assert.Equal(row.RequestId, head.Metadata["x-amz-meta-request-id"]);
        Assert.Equal("image/jpeg", head.Headers.ContentType);
        var uploaded = PublishedRows(folder).Count(r => r[5] == "uploaded");
        Assert.True(uploaded > 48, $"images, sidecars, audit and report: {uploaded}");

        var (again, output2, _) = await PublishAsync(folder, $"s3://{bucket}/campaigns", "--endpoint", emulators.S3Endpoint.AbsoluteUri);

        Assert.Equal(0, again);
        Assert.Contains($"published: 0 uploaded, {uploaded} skipped, 0 refused, 0 failed", output2, StringComparison.Ordinal);
    }

    [EmulatorFact]
    public async Task Publish_ObjectChangedInTheStore_RefusedNamingItExit1ThenOverwriteReplacesIt()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var bucket = "b-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await PublishAsync(folder, $"s3://{bucket}", "--create")).ExitCode);
        var row = CampaignAudit.Read(folder).Latest[3];
        var key = "acme-spring/" + row.File;
        using var s3 = S3Client();
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "someone else's image", UseChunkEncoding = false });

        var (exit, output, _) = await PublishAsync(folder, $"s3://{bucket}");

        Assert.Equal(1, exit);
        Assert.Contains($"refused: {key}: a different object is already there", output, StringComparison.Ordinal);
        Assert.Contains(PublishedRows(folder), r => r[2] == key && r[5] == "refused");

        var (overwrite, output2, _) = await PublishAsync(folder, $"s3://{bucket}", "--overwrite");

        Assert.Equal(0, overwrite);
        Assert.Contains("published: 1 uploaded,", output2, StringComparison.Ordinal);
        Assert.Equal(row.Sha256, (await s3.GetObjectMetadataAsync(bucket, key)).Metadata["x-amz-meta-sha256"]);
    }

    [EmulatorFact]
    public async Task Publish_MissingContainerWithoutCreate_Exits2AndWritesNothing()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);

        var (exit, _, error) = await PublishAsync(folder, "az://never-created/x");

        Assert.Equal(2, exit);
        Assert.Contains("container 'never-created' does not exist; pass --create to create it", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Root, "published.csv")));
    }

    [EmulatorFact]
    public async Task Publish_DryRun_ListsWhatWouldUploadAndUploadsNothing()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var bucket = "b-" + Guid.NewGuid().ToString("N")[..8];

        var (exit, output, _) = await PublishAsync(folder, $"s3://{bucket}", "--create", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("would upload: acme-spring/audit.csv", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Root, "published.csv")));
        using var s3 = S3Client();
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }

    [EmulatorFact]
    public async Task Publish_WrongAccountKey_FailsWithoutPrintingTheKeyOrConnectionString()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var wrongKey = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "SECRETSECRET==";
        var connection = emulators.AzureConnectionString.Replace(ObjectStoreEmulators.DevAccountKey, wrongKey, StringComparison.Ordinal);
        var environment = new Dictionary<string, string>(emulators.Environment) { ["AZURE_STORAGE_CONNECTION_STRING"] = connection };

        var (exit, output, error) = await CliRunner.RunWithEnvironmentAsync(environment, "publish", folder.Root, "az://c-secret/x", "--create");

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain(wrongKey, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(ObjectStoreEmulators.S3Key, output + error, StringComparison.Ordinal);
    }

    [EmulatorFact]
    public async Task Publish_InterruptedThenRerun_TheRerunPublishesTheRest()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var bucket = "b-" + Guid.NewGuid().ToString("N")[..8];
        var published = Path.Combine(folder.Root, "published.csv");

        using (var first = CliProcess.Start(emulators.Environment, "publish", folder.Root, $"s3://{bucket}", "--create", "--parallel", "1"))
        {
            await CliProcess.WaitUntilAsync(() => File.Exists(published) && PublishedRows(folder).Count >= 2, TimeSpan.FromSeconds(60));
            first.Interrupt();
            Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30)) == 130, first.Output);
            Assert.Contains("run the same command again to publish the rest", first.Output, StringComparison.Ordinal);
        }

        var before = PublishedRows(folder);
        var (exit, output, error) = await PublishAsync(folder, $"s3://{bucket}");

        Assert.True(exit == 0, output + error);
        var after = PublishedRows(folder).Skip(before.Count).ToList();
        var total = after.Count;
        Assert.True(before.Count < total, $"the first run stopped early: {before.Count} of {total}");
        Assert.All(before, r => Assert.Contains(after, a => a[2] == r[2] && a[5] == "skipped"));
        Assert.Equal(total, after.Count(a => a[5] is "uploaded" or "skipped"));
        Assert.Contains("0 refused, 0 failed", output, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> PublishAsync(CampaignFolder folder, string destination, params string[] more) =>
        CliRunner.RunWithEnvironmentAsync(emulators.Environment, ["publish", folder.Root, destination, .. more]);

    private AmazonS3Client S3Client() => new(
        new BasicAWSCredentials(ObjectStoreEmulators.S3Key, ObjectStoreEmulators.S3Key),
        new AmazonS3Config
        {
            ServiceURL = emulators.S3Endpoint.AbsoluteUri,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>The data rows of <c>published.csv</c>: time, destination, key, sha256, bytes, status.</summary>
    private static List<string[]> PublishedRows(CampaignFolder folder) =>
        File.ReadAllLines(Path.Combine(folder.Root, "published.csv")).Skip(1).Select(l => l.Split(',')).ToList();

    public void Dispose() => _dir.Dispose();
}
