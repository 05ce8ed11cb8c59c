using System.Security.Cryptography;
using Pipeline.Domain;
using Pipeline.Records;
using Pipeline.Renditions;
using Pipeline.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Tests.Renditions;

/// <summary>A campaign folder with one verified master (a real PNG with a known pattern and its audit row).</summary>
internal sealed class RenditionCampaign : IDisposable
{
    public const string JobId = "0123456789abcdef";
    public const string MasterFile = "images/kettle_16x9_s11_0123456789abcdef.png";

    private readonly TempDirectory _dir = new();

    /// <param name="draw">Paints the master; default: the top half red, the bottom half blue.</param>
    public RenditionCampaign(int width = 100, int height = 200, Action<Image<Rgb24>>? draw = null)
    {
        Folder = CampaignFolder.For(_dir.Path, "kettle");
        Folder.Create();
        using (var master = new Image<Rgb24>(width, height))
        {
            (draw ?? TopRedBottomBlue)(master);
            master.SaveAsPng(Path.Combine(Folder.Root, MasterFile));
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder.Root, MasterFile))));
        using var audit = AuditLog.Open(Folder.AuditPath);
        var row = Some.Row(JobId) with { File = MasterFile, Sha256 = sha256, Format = "png", Width = width, Height = height };
        File.WriteAllText(Path.Combine(Folder.Root, MasterFile + ".json"), Sidecar.From(row, "manifest-sha256").ToJson());
        audit.Append(row);
    }

    public CampaignFolder Folder { get; }

    public static RenditionSpec Spec(string name = "square", int? width = 100, int? height = 100, string fit = "cover", string gravity = "center", string format = "png", int? quality = null, long? maxBytes = null, string? background = null) =>
        new(name, width, height, fit, gravity, fit == "contain" ? background ?? RenditionSpec.DefaultBackground : null, format, format == "png" ? null : quality ?? RenditionSpec.DefaultQuality, maxBytes);

    public Task<RenditionTally> DeriveAsync(params RenditionSpec[] specs) =>
        CampaignRenditions.DeriveAsync(Folder, specs, "run-" + Guid.NewGuid().ToString("N")[..6], TimeProvider.System, CancellationToken.None);

    public IReadOnlyList<RenditionRow> Rows() => RenditionLog.Read(Folder.RenditionsLogPath);

    public string PathOf(RenditionSpec spec) => Path.Combine(Folder.Root, new RenditionMaster(JobId, MasterFile, "x").RenditionFile(spec));

    public Image<Rgb24> Load(RenditionSpec spec) => Image.Load<Rgb24>(PathOf(spec));

    public void Dispose() => _dir.Dispose();

    private static void TopRedBottomBlue(Image<Rgb24> image)
    {
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                image[x, y] = y < image.Height / 2 ? new Rgb24(255, 0, 0) : new Rgb24(0, 0, 255);
            }
        }
    }
}
