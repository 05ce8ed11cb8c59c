using Pipeline.Renditions;

namespace Pipeline.Tests.Renditions;

public sealed class WorkerPriorityTests
{
    [Fact]
    public void LowerCurrentThread_OnLinux_TheKernelSchedulesTheThreadAtNice19AndNoOtherThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Elsewhere only ThreadPriority.BelowNormal, which the runtime honours on Windows.
        }

        var (lowered, before) = (0, NiceOfThisThread());
        var thread = new Thread(() =>
        {
            WorkerPriority.LowerCurrentThread();
            lowered = NiceOfThisThread();
        });
        thread.Start();
        thread.Join();

        Assert.Equal(WorkerPriority.LowestNice, lowered);
        Assert.Equal(before, NiceOfThisThread());
    }

    /// <summary>Field 19 of <c>/proc/thread-self/stat</c>, counted after the command name in parentheses.</summary>
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
