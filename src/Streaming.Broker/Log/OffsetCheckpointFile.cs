using System.Globalization;
using System.Text;
using Streaming.Broker.Storage;

namespace Streaming.Broker.Log;

/// <summary>
/// A partition's offset checkpoint, as decimal text in a small file in the partition directory: the log cleaner's
/// (<c>cleaner-offset-checkpoint</c>: below it the log is clean) and the log start offset moved by DeleteRecords
/// (<c>log-start-offset-checkpoint</c>). Kafka keeps one such file per log directory; one per partition here keeps a
/// partition's files together and its writes independent.
/// </summary>
internal static class OffsetCheckpointFile
{
    public const string Cleaner = "cleaner-offset-checkpoint";
    public const string LogStart = "log-start-offset-checkpoint";

    /// <summary>The checkpointed offset, or 0 when the file is missing or unreadable.</summary>
    public static long Read(IStorage storage, string directory, string fileName)
    {
        string path = Path.Combine(directory, fileName);
        if (!storage.FileExists(path)) return 0;
        using var file = storage.Open(path, create: false);
        Span<byte> buffer = stackalloc byte[32];
        int n = file.Read(0, buffer);
        return long.TryParse(Encoding.ASCII.GetString(buffer[..n]), NumberStyles.None, CultureInfo.InvariantCulture, out long offset) ? offset : 0;
    }

    /// <summary>Writes the checkpoint atomically: a temporary file, fsynced, then renamed over the old one.</summary>
    public static void Write(IStorage storage, string directory, string fileName, long offset)
    {
        string path = Path.Combine(directory, fileName);
        string temp = path + ".tmp";
        using (var file = storage.Open(temp, create: true))
        {
            file.Truncate(0);
            file.Write(0, Encoding.ASCII.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));
            file.Flush();
        }
        storage.Move(temp, path);
    }
}
