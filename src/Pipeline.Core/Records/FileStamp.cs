namespace Pipeline.Records;

/// <summary>
/// A file's length and last write time: enough to tell that an append-only log (or any file we replace whole) has not
/// changed since it was read, without reading it again. A missing file has length -1.
/// </summary>
public readonly record struct FileStamp(string Path, long Length, long LastWriteTicks)
{
    public static FileStamp Of(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? new FileStamp(path, file.Length, file.LastWriteTimeUtc.Ticks) : new FileStamp(path, -1, 0);
    }

    public static IReadOnlyList<FileStamp> Of(IEnumerable<string> paths) => paths.Select(Of).ToList();
}
