using System.Runtime.InteropServices;

namespace Pipeline.Renditions;

/// <summary>
/// Lowers the calling thread's CPU priority, so that the run's own threads (socket events, lanes, filing) are always
/// scheduled first (docs/architecture.md#48-renditions-yield-to-the-run): <see cref="ThreadPriority.BelowNormal"/>,
/// which Windows honours, and on Linux the thread's nice value raised to 19, because .NET maps no priority to nice there
/// (dotnet/runtime#91165). The kernel's fair scheduler then gives such a thread about 1/70 of a core that a normal
/// thread also wants, and the whole core when nobody else does.
/// </summary>
/// <remarks>Without privileges a thread cannot raise its priority again: lower only a dedicated thread that ends with its work.</remarks>
internal static class WorkerPriority
{
    /// <summary>The nice value a lowered thread gets on Linux: the lowest priority of the normal scheduling class.</summary>
    public const int LowestNice = 19;

    public static void LowerCurrentThread()
    {
        Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        if (OperatingSystem.IsLinux())
        {
            // On Linux the nice value belongs to the thread, and who = 0 names the calling thread. A failure leaves the
            // thread at normal priority, which is slower for the run but never wrong, so it is not an error.
            _ = NativeMethods.setpriority(ProcessPriority, 0, LowestNice);
        }
    }

    private const int ProcessPriority = 0;

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SA1300, IDE1006 // The C library's name.
        public static extern int setpriority(int which, int who, int priority);
#pragma warning restore SA1300, IDE1006
    }
}
