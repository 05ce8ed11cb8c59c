using Pipeline.Manifests;

namespace Pipeline.Tests.Manifests;

internal static class ManifestAssert
{
    /// <summary>Asserts the error's <c>line:column</c>, path and a phrase of its message.</summary>
    public static void At(ManifestError error, string lineColumn, string path, string phrase)
    {
        Assert.Equal(lineColumn, $"{error.Line}:{error.Column}");
        Assert.Equal(path, error.Path);
        Assert.Contains(phrase, error.Message, StringComparison.Ordinal);
    }
}
