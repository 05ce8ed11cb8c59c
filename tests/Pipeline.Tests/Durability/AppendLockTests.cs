using Pipeline.Durability;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Durability;

public sealed class AppendLockTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Hold_ReaderOpensALogOfTheFolderMeanwhile_Succeeds()
    {
        var log = _dir.Write("renditions.csv", "a,b\r\n");
        using var appendLock = AppendLock.For(_dir.Path);

        using (appendLock.Hold())
        {
            using var reader = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Assert.Equal(5, reader.Length);
        }
    }

    [Fact]
    public void Hold_TwoInstancesOneAfterTheOther_EachGetsIt()
    {
        using var first = AppendLock.For(_dir.Path);
        using var second = AppendLock.For(_dir.Path);

        using (first.Hold())
        {
        }

        using (second.Hold())
        {
        }

        Assert.True(File.Exists(_dir.File(AppendLock.FileName)));
    }

    public void Dispose() => _dir.Dispose();
}
