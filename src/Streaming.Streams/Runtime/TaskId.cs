using System.Globalization;

namespace Streaming.Streams;

/// <summary>
/// A task: one sub-topology on one partition number (of every topic the sub-topology reads). Written as
/// <c>&lt;sub-topology&gt;_&lt;partition&gt;</c>, as in Kafka Streams.
/// </summary>
public readonly record struct TaskId(int Subtopology, int Partition) : IComparable<TaskId>
{
    public int CompareTo(TaskId other)
    {
        int c = Subtopology.CompareTo(other.Subtopology);
        return c != 0 ? c : Partition.CompareTo(other.Partition);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Subtopology}_{Partition}");

    /// <summary>Parses <c>&lt;sub-topology&gt;_&lt;partition&gt;</c>.</summary>
    public static bool TryParse(string? text, out TaskId id)
    {
        id = default;
        if (text is null) return false;
        int sep = text.IndexOf('_', StringComparison.Ordinal);
        if (sep <= 0) return false;
        if (!int.TryParse(text.AsSpan(0, sep), NumberStyles.None, CultureInfo.InvariantCulture, out int sub)) return false;
        if (!int.TryParse(text.AsSpan(sep + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int partition)) return false;
        id = new TaskId(sub, partition);
        return true;
    }
}
