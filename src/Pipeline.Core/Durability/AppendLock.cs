using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Pipeline.Durability;

/// <summary>
/// The lock every append to a log of one folder holds, across processes, for the length of that one append
/// (docs/architecture.md#49-one-append-discipline-for-every-csv-log): <c>flock(2)</c> on the folder's
/// <see cref="FileName"/>, exclusive and blocking. So the shards of a campaign never write over each other's rows, and a
/// torn tail left by a crashed process is mended while no writer is half-way through a row. The kernel releases the lock
/// when its holder dies, even by <c>kill -9</c>. Where <c>flock</c> does not exist (Windows) appends are serialised
/// within each process only.
/// </summary>
/// <remarks>
/// A lock file of its own, opened with <c>open(2)</c> itself: the runtime emulates <see cref="FileShare"/> with a shared,
/// non-blocking <c>flock</c> that every open of a file takes and keeps, so an exclusive lock on a log would make a
/// reader's open fail, the writers' own shared locks would never let it be taken, and a runtime open of the lock file
/// fails while another process holds it. Each instance is one open file description, which is what <c>flock</c> locks:
/// two instances exclude each other even within one process.
/// </remarks>
internal sealed class AppendLock : IDisposable
{
    /// <summary>The lock file, hidden beside the logs it guards.</summary>
    public const string FileName = ".append.lock";

    private const int Exclusive = 2;
    private const int Unlock = 8;
    private const int Interrupted = 4;
    private const int LinuxCloseOnExec = 0x80000;
    private const int MacCloseOnExec = 0x1000000;

    private readonly SafeFileHandle? _file;

    private AppendLock(SafeFileHandle? file) => _file = file;

    /// <summary>Opens the lock of <paramref name="directory"/> (creating its file); nothing is held yet.</summary>
    /// <exception cref="IOException">The lock file cannot be opened or created.</exception>
    public static AppendLock For(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return new AppendLock(null);
        }

        var path = Path.Combine(directory, FileName);
        Create(path);
        var fd = NativeMethods.open(path, OperatingSystem.IsMacOS() ? MacCloseOnExec : LinuxCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()}).");
        }

        return new AppendLock(new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>Blocks until this process holds the lock; disposing the result releases it.</summary>
    /// <exception cref="IOException">The lock cannot be taken (the file system refuses locks).</exception>
    public Held Hold()
    {
        if (_file is null)
        {
            return default;
        }

        while (NativeMethods.flock(_file, Exclusive) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error != Interrupted)
            {
                throw new IOException($"cannot lock {FileName} for appending (errno {error}).");
            }
        }

        return new Held(_file);
    }

    public void Dispose() => _file?.Dispose();

    private static void Create(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created, and locked at this very moment, by another process.
        }
    }

    /// <summary>The lock, held until disposed.</summary>
    public readonly struct Held(SafeFileHandle? file) : IDisposable
    {
        public void Dispose()
        {
            if (file is not null)
            {
                _ = NativeMethods.flock(file, Unlock);
            }
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SA1300, IDE1006 // The C library's names.
        public static extern int flock(SafeFileHandle file, int operation);

        /// <summary>Read-only, no <c>O_CREAT</c> (so no variadic mode argument), with the given flags.</summary>
        [DllImport("libc", ExactSpelling = true, SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
#pragma warning restore SA1300, IDE1006
    }
}
