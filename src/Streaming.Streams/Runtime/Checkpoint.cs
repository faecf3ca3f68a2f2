using System.Globalization;
using System.Text;

namespace Streaming.Streams.Runtime;

/// <summary>
/// A task's <c>.checkpoint</c> file: for each changelog partition, the offset up to which the local (persistent) stores hold
/// its records. Written atomically (temp file + rename). With <c>exactly_once_v2</c> it is written only when a task closes
/// cleanly and removed when the task starts processing, so after a crash there is none and the state is rebuilt.
/// </summary>
internal static class Checkpoint
{
    public const string FileName = ".checkpoint";
    private const string Header = "streaming-checkpoint v1";

    public static Dictionary<TopicPartition, long> Read(string taskDirectory)
    {
        string path = Path.Combine(taskDirectory, FileName);
        var result = new Dictionary<TopicPartition, long>();
        if (!File.Exists(path)) return result;
        string[] lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0 || lines[0] != Header)
            throw new StorageException($"checkpoint file '{path}' is not a checkpoint this version writes; delete it (the state will be restored from the changelog)");
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            string[] parts = lines[i].Split(' ');
            if (parts.Length != 3
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int partition)
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long offset))
                throw new StorageException($"checkpoint file '{path}' line {i + 1} is malformed: '{lines[i]}'; delete the file (the state will be restored from the changelog)");
            result[new TopicPartition(parts[0], partition)] = offset;
        }
        return result;
    }

    public static void Write(string taskDirectory, IReadOnlyDictionary<TopicPartition, long> offsets)
    {
        string path = Path.Combine(taskDirectory, FileName);
        string temp = path + ".tmp";
        var text = new StringBuilder().AppendLine(Header);
        foreach ((TopicPartition tp, long offset) in offsets.OrderBy(o => o.Key.Topic, StringComparer.Ordinal))
            text.Append(tp.Topic).Append(' ').Append(tp.Partition.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(offset.ToString(CultureInfo.InvariantCulture)).Append('\n');
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static void Delete(string taskDirectory)
    {
        string path = Path.Combine(taskDirectory, FileName);
        if (File.Exists(path)) File.Delete(path);
    }
}
