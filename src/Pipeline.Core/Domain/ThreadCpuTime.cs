using System.Runtime.InteropServices;

namespace Pipeline.Domain;

/// <summary>
/// CPU time (user and kernel) of the calling thread, from <c>clock_gettime</c> on Linux and macOS; zero elsewhere.
/// Used to tell the CPU a run spent verifying and filing results, and deriving renditions, from the CPU it spent
/// orchestrating jobs.
/// </summary>
internal static class ThreadCpuTime
{
    private const int LinuxThreadClock = 3;
    private const int MacThreadClock = 16;

    /// <summary>The calling thread's CPU time so far; only differences on one thread mean anything.</summary>
    public static TimeSpan Now()
    {
        var clock = OperatingSystem.IsLinux() ? LinuxThreadClock : OperatingSystem.IsMacOS() ? MacThreadClock : -1;
        return clock >= 0 && NativeMethods.clock_gettime(clock, out var value) == 0
            ? TimeSpan.FromTicks((value.Seconds * TimeSpan.TicksPerSecond) + (value.Nanoseconds / 100))
            : TimeSpan.Zero;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SA1300, IDE1006 // The C library's name.
        public static extern int clock_gettime(int clock, out Timespec value);
#pragma warning restore SA1300, IDE1006
    }
}
