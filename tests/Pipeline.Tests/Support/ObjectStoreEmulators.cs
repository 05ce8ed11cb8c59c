using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Tests.Support;

/// <summary>
/// Azurite (Microsoft's Azure Storage emulator, blob service) and s3rver (an S3-compatible server), started once per
/// test run on free ports of 127.0.0.1 with temporary data folders, stopped on dispose. Their npm packages are
/// installed in <c>tests/emulators</c> by <c>.ci/run</c> (<c>npm ci</c>), or here on first use when missing.
/// </summary>
public sealed class ObjectStoreEmulators : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft; not a secret).</summary>
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>s3rver takes any signature from this key pair.</summary>
    public const string S3Key = "S3RVER";

    private static readonly string Folder = Path.Combine(Repo.Root, "tests", "emulators");
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly TempDirectory _data = new();
    private readonly List<Process> _processes = [];

    public static bool NodeAvailable => OnPath("node") && OnPath("npm");

    public int AzuritePort { get; private set; }

    public int S3Port { get; private set; }

    public Uri S3Endpoint => new($"http://127.0.0.1:{S3Port}");

    public string AzureConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};BlobEndpoint=http://127.0.0.1:{AzuritePort}/devstoreaccount1;";

    /// <summary>The environment a <c>pipeline publish</c> to either emulator needs.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["AWS_ACCESS_KEY_ID"] = S3Key,
        ["AWS_SECRET_ACCESS_KEY"] = S3Key,
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL_S3"] = S3Endpoint.AbsoluteUri,
        ["AZURE_STORAGE_CONNECTION_STRING"] = AzureConnectionString,
    };

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
        AzuritePort = FreePort();
        S3Port = FreePort();
        var azure = Directory.CreateDirectory(Path.Combine(_data.Path, "azurite")).FullName;
        var s3 = Directory.CreateDirectory(Path.Combine(_data.Path, "s3")).FullName;
        Start("azurite-blob", "--blobHost", "127.0.0.1", "--blobPort", Port(AzuritePort), "--location", azure, "--skipApiVersionCheck", "--loose", "--silent");
        Start("s3rver", "--address", "127.0.0.1", "--port", Port(S3Port), "--directory", s3, "--silent");
        await Task.WhenAll(WaitListeningAsync(AzuritePort), WaitListeningAsync(S3Port));
    }

    public Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }

            process.Dispose();
        }

        _data.Dispose();
        return Task.CompletedTask;
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Bin("azurite-blob")) && File.Exists(Bin("s3rver")))
            {
                return;
            }

            var info = new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
            using var npm = Process.Start(info) ?? throw new InvalidOperationException("could not start npm");
            var output = npm.StandardOutput.ReadToEndAsync();
            var error = npm.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
            await npm.WaitForExitAsync(timeout.Token);
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Folder} failed ({npm.ExitCode}): {await output} {await error}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private void Start(string tool, params string[] args)
    {
        var info = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Bin(tool));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + tool);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private static async Task WaitListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string Bin(string tool) => Path.Combine(Folder, "node_modules", ".bin", tool);

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool OnPath(string tool) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));
}

/// <summary>Tests that share one pair of emulators.</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorGroup : ICollectionFixture<ObjectStoreEmulators>
{
    public const string Name = "object-store emulators";
}
