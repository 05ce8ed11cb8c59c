namespace Pipeline.Records;

/// <summary>Where the complete records of an RFC 4180 file end, so that a row torn by a crash can be told apart.</summary>
internal static class CsvRecords
{
    /// <summary>
    /// The length of the prefix of <paramref name="bytes"/> that holds whole records: up to and including the last
    /// line feed outside quotes. A record is complete only once its line break is written; a quote toggles the
    /// quoted state (<c>""</c> toggles it twice), so a line feed inside a quoted field never ends a record. A file
    /// cut between the CR and the LF of its last line break is whole: the CR ends the record.
    /// </summary>
    public static int CompleteLength(ReadOnlySpan<byte> bytes)
    {
        var quoted = false;
        var end = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            switch (bytes[i])
            {
                case (byte)'"':
                    quoted = !quoted;
                    break;
                case (byte)'\n' when !quoted:
                    end = i + 1;
                    break;
            }
        }

        return !quoted && bytes.Length > 0 && bytes[^1] == (byte)'\r' ? bytes.Length : end;
    }

    /// <summary>Reads the whole file, sharing it with a writer that may be appending.</summary>
    public static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
