using System.Globalization;
using System.Text;
using Streaming.Broker.Storage;

namespace Streaming.Broker.Log;

/// <summary>
/// The log cleaner's checkpoint of one partition: the offset below which the log is clean, as decimal text in
/// <c>cleaner-offset-checkpoint</c> in the partition directory. Kafka keeps one such file per log directory; one per
/// partition here keeps a partition's files together and its writes independent.
/// </summary>
internal static class CleanerCheckpointFile
{
    public const string FileName = "cleaner-offset-checkpoint";

    /// <summary>The checkpointed offset, or 0 (clean nothing yet) when the file is missing or unreadable.</summary>
    public static long Read(IStorage storage, string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!storage.FileExists(path)) return 0;
        using var file = storage.Open(path, create: false);
        Span<byte> buffer = stackalloc byte[32];
        int n = file.Read(0, buffer);
        return long.TryParse(Encoding.ASCII.GetString(buffer[..n]), NumberStyles.None, CultureInfo.InvariantCulture, out long offset) ? offset : 0;
    }

    /// <summary>Writes the checkpoint atomically: a temporary file, fsynced, then renamed over the old one.</summary>
    public static void Write(IStorage storage, string directory, long offset)
    {
        string path = Path.Combine(directory, FileName);
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
