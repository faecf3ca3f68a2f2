namespace Streaming.Cli.Internal;

/// <summary>Prints a topic as kafka-topics --describe does, with each partition's start and end offsets.</summary>
internal static class TopicDescriptionWriter
{
    public static void Write(TextWriter output, TopicDescription topic, IReadOnlyList<ConfigEntry> configs, bool allConfigs)
    {
        var shown = configs.Where(c => allConfigs || !c.IsDefault).Select(c => $"{c.Name}={c.Value}");
        output.WriteLine($"Topic: {topic.Name}\tTopicId: {topic.TopicId}\tPartitionCount: {topic.Partitions.Count}\tReplicationFactor: 1\tConfigs: {string.Join(",", shown)}");
        var table = new TableWriter("  Partition", "Leader", "StartOffset", "EndOffset", "Records");
        foreach (var p in topic.Partitions)
            table.Add($"  {p.Partition}", p.Leader, p.LogStartOffset.Value, p.LogEndOffset.Value, p.LogEndOffset.Value - p.LogStartOffset.Value);
        table.WriteTo(output);
    }
}
