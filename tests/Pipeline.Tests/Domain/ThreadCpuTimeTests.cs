using System.Diagnostics;
using Pipeline.Domain;

namespace Pipeline.Tests.Domain;

public sealed class ThreadCpuTimeTests
{
    [Fact]
    public void Now_AfterBusyWorkOnThisThread_HasGrownByNoMoreThanTheWallTime()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Equal(TimeSpan.Zero, ThreadCpuTime.Now());
            return;
        }

        var before = ThreadCpuTime.Now();
        var wall = Stopwatch.StartNew();
        var sum = 0L;
        while (wall.ElapsedMilliseconds < 30)
        {
            sum += Environment.TickCount64 % 7;
        }

        var spent = ThreadCpuTime.Now() - before;
        wall.Stop();

        GC.KeepAlive(sum);
        Assert.InRange(spent, TimeSpan.FromTicks(1), wall.Elapsed + TimeSpan.FromMilliseconds(5));
    }
}
